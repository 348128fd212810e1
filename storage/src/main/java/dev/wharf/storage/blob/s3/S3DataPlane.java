package dev.wharf.storage.blob.s3;

import dev.wharf.storage.ByteSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The bytes of an {@link S3BlobStore}: ranged reads and part uploads, each a request to a URL the SDK presigned,
 * sent on Wharf's own Netty connections ({@link S3Http}) rather than through the SDK's client. Measured with
 * {@code bench/compare} scenario 7 against s3proxy (see {@code bench/README.md}): the SDK copies every response
 * chunk into a heap buffer and, on an {@code http} endpoint, signs every part's payload (a SHA-256 pass of its
 * own) and sends it in signed chunks; presigned requests carry {@code UNSIGNED-PAYLOAD} and Netty's own buffers.
 * The SDK keeps the control plane: create, complete and abort multipart uploads, heads, lists, deletes, copies.
 */
final class S3DataPlane implements AutoCloseable {
    /** How long a URL signed for one request stays valid: only the request's start must fall within it. */
    private static final Duration REQUEST_URL_TTL = Duration.ofMinutes(15);

    private final String bucket;
    private final S3Presigner presigner;
    private final S3Http http;

    S3DataPlane(String bucket, S3Presigner presigner, S3Http http) {
        this.bucket = bucket;
        this.presigner = presigner;
        this.http = http;
    }

    /** Bytes {@code [offset, offset + length)} of the object at {@code key}. */
    ByteSource range(String key, long offset, long length) {
        return PresignedRange.get(http, presignGet(key, REQUEST_URL_TTL), offset, length);
    }

    /**
     * Uploads {@code part} as part {@code number} of the multipart upload {@code uploadId} of {@code key};
     * completes with the part's ETag. Does not take ownership of {@code part}: it is read until the future completes.
     */
    CompletableFuture<String> uploadPart(String key, String uploadId, int number, Part part) {
        URI url = uri(presigner.presignUploadPart(b -> b.signatureDuration(REQUEST_URL_TTL)
                .uploadPartRequest(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number))).url());
        return PresignedPut.send(http, url, part);
    }

    /** A URL that lets its holder GET the object at {@code key} for {@code ttl}, with no other credentials. */
    URI presignGet(String key, Duration ttl) {
        return uri(presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(key))).url());
    }

    /** Closes idle connections and the presigner. */
    @Override
    public void close() {
        http.close();
        presigner.close();
    }

    private static URI uri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK presigned a URL that is no URI: " + url, e);
        }
    }
}
