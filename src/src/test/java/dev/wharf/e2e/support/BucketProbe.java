package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A look into the cluster's bucket behind Wharf's back: which blobs and unfinished uploads it holds. */
public final class BucketProbe implements AutoCloseable {
    private final S3Client client;
    private final String bucket;

    /** Looks into {@code bucket} through {@code client}, which it closes. */
    public BucketProbe(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** The key of a committed blob (no prefix configured). */
    public static String blobKey(String digest) {
        return "blobs/sha256/" + Sha256.hex(digest);
    }

    /** The sha256 of the object at {@code key}, or empty when there is none. */
    public Optional<String> sha256(String key) {
        MessageDigest sha = Sha256.newDigest();
        try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(Sha256.digestString(sha));
    }

    /** The keys of every object. */
    public List<String> keys() {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    /** The keys of the unfinished multipart uploads. */
    public List<String> uploads() {
        return client.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().map(MultipartUpload::key).toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
