package dev.wharf.storage.blob.s3;

import java.util.concurrent.Executor;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * What every part of an {@link S3BlobStore} works with: the SDK client (control plane), the data plane (presigned
 * requests on Wharf's own connections), the bucket, the key layout, and the store's io executor (where the client
 * completes its futures, and writers hash).
 */
record S3Bucket(S3AsyncClient client, S3DataPlane data, String name, S3Layout layout, Executor io) {
}
