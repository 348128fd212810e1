package dev.wharf.docker;

import dev.wharf.auth.AccessControl;
import dev.wharf.cache.UploadPump;
import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.server.Exchange;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.blob.UnknownUploadException;
import dev.wharf.storage.blob.UploadOffsetException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads into a Docker local repository, the push half of the distribution spec: {@code POST} starts a
 * session (or uploads monolithically with {@code ?digest=}, or mounts with {@code ?mount=}), {@code PATCH}es
 * append chunks in order ({@code 416} otherwise), {@code GET} reports progress, {@code PUT ?digest=} completes
 * (with a last chunk, possibly), {@code DELETE} cancels. Sessions live in the blob store's upload staging, not
 * in this process, so any replica continues any upload; bodies are streamed into it under backpressure and
 * the digest is verified by the store when the upload completes. {@code Location}s use the name as the client
 * sent it, so the session continues through the same repository (a virtual one included).
 */
final class UploadService {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?([0-9]{1,18})-([0-9]{1,18})(?:/[0-9*]+)?");
    private static final String UPLOAD_UUID_HEADER = "Docker-Upload-UUID";

    private final BlobStore blobs;
    private final Clock clock;
    private final long maxUploadBytes;
    private final MountSources mounts;

    UploadService(BlobStore blobs, Clock clock, long maxUploadBytes, MountSources mounts) {
        this.blobs = blobs;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
        this.mounts = mounts;
    }

    /** {@code POST /v2/<requested>/blobs/uploads/}: mount, monolithic upload, or a new session. */
    void start(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name) {
        Optional<String> mount = exchange.query("mount");
        Optional<String> digestParam = exchange.query("digest");
        if (mount.isPresent()) {
            Optional<Digest> digest = digest(exchange, mount.get(), "mount");
            if (digest.isEmpty()) {
                return;
            }
            exchange.when(mounts.canMount(digest.get(), exchange.query("from"), AccessControl.callerOf(exchange)), (mountable, err) -> {
                if (err == null && mountable.isPresent()) {
                    linkAndCreated(exchange, repo, requested, name, digest.get(), mountable.get());
                } else {
                    // Not mountable: the client uploads the blob instead, as the spec says.
                    newSession(exchange, requested);
                }
            });
        } else if (digestParam.isPresent()) {
            Optional<Digest> digest = digest(exchange, digestParam.get(), "digest");
            if (digest.isPresent()) {
                monolithic(exchange, repo, requested, name, digest.get());
            }
        } else {
            newSession(exchange, requested);
        }
    }

    private void newSession(Exchange exchange, ImageName requested) {
        exchange.when(blobs.createUpload(), (uuid, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UPLOAD_UNKNOWN, "a new upload");
                return;
            }
            exchange.respond(HttpResponseStatus.ACCEPTED, progress(requested, uuid, 0), Unpooled.EMPTY_BUFFER);
        });
    }

    private void monolithic(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name, Digest digest) {
        if (tooLarge(exchange, 0)) {
            return;
        }
        ByteSource body = exchange.requestBody(maxUploadBytes);
        BlobWriter writer = blobs.writer(digest);
        CompletableFuture<Long> stored = UploadPump.copy(body, writer, exchange.ctx().executor())
                .thenCompose(size -> writer.commit(digest).thenApply(d -> size))
                .whenComplete((size, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                });
        exchange.when(stored, (size, err) -> {
            if (err != null) {
                uploadFailure(exchange, err, "blob " + digest);
            } else {
                linkAndCreated(exchange, repo, requested, name, digest, size);
            }
        });
    }

    /** {@code PATCH}: appends a chunk at its {@code Content-Range} start, or, without one, at the session's end. */
    void patch(Exchange exchange, ImageName requested, String id) {
        Optional<UUID> uuid = session(exchange, id);
        if (uuid.isEmpty()) {
            return;
        }
        String range = exchange.requestHeaders().get(HttpHeaderNames.CONTENT_RANGE);
        if (range == null) {
            exchange.when(blobs.uploadSize(uuid.get()), (size, err) -> {
                if (err != null || size.isEmpty()) {
                    unknownOr(exchange, err, uuid.get());
                } else {
                    append(exchange, requested, uuid.get(), size.get(), -1);
                }
            });
            return;
        }
        Matcher m = CONTENT_RANGE.matcher(range.strip());
        long start = m.matches() ? Long.parseLong(m.group(1)) : -1;
        long end = m.matches() ? Long.parseLong(m.group(2)) : -1;
        long declared = exchange.declaredBodyLength();
        if (start < 0 || end < start || (declared >= 0 && declared != end - start + 1)) {
            // Report where the session stands, so the client can resume from there.
            exchange.when(blobs.uploadSize(uuid.get()), (size, err) -> {
                if (err != null || size.isEmpty()) {
                    unknownOr(exchange, err, uuid.get());
                } else {
                    rangeError(exchange, requested, uuid.get(), size.get(), "Content-Range " + Printable.of(range)
                            + " (expected: <start>-<end>, inclusive, matching the Content-Length)");
                }
            });
            return;
        }
        append(exchange, requested, uuid.get(), start, end - start + 1);
    }

    private void append(Exchange exchange, ImageName requested, UUID uuid, long offset, long length) {
        if (tooLarge(exchange, offset)) {
            return;
        }
        ByteSource body = exchange.requestBody(maxUploadBytes - offset);
        exchange.when(blobs.appendUpload(uuid, offset, body), (size, err) -> {
            if (err == null) {
                if (length >= 0 && size != offset + length) {
                    // A short body: keep what arrived, and say so by the Range the client resumes from.
                    rangeError(exchange, requested, uuid, size, "the chunk carried " + (size - offset)
                            + " bytes, not the " + length + " its Content-Range announced");
                } else {
                    exchange.respond(HttpResponseStatus.ACCEPTED, progress(requested, uuid, size), Unpooled.EMPTY_BUFFER);
                }
            } else if (Futures.unwrap(err) instanceof UploadOffsetException offsetError) {
                rangeError(exchange, requested, uuid, offsetError.size(), offsetError.getMessage());
            } else {
                uploadFailure(exchange, err, "upload " + uuid);
            }
        });
    }

    /** {@code GET} of a session: 204 with how much it holds. */
    void status(Exchange exchange, ImageName requested, String id) {
        Optional<UUID> uuid = session(exchange, id);
        if (uuid.isEmpty()) {
            return;
        }
        exchange.when(blobs.uploadSize(uuid.get()), (size, err) -> {
            if (err != null || size.isEmpty()) {
                unknownOr(exchange, err, uuid.get());
            } else {
                exchange.respond(HttpResponseStatus.NO_CONTENT, progress(requested, uuid.get(), size.get()), Unpooled.EMPTY_BUFFER);
            }
        });
    }

    /** {@code PUT ?digest=}: appends the last chunk when the request carries one, then completes the blob. */
    void complete(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name, String id) {
        Optional<UUID> uuid = session(exchange, id);
        if (uuid.isEmpty()) {
            return;
        }
        Optional<String> param = exchange.query("digest");
        if (param.isEmpty()) {
            DockerResponses.error(exchange, ErrorCode.DIGEST_INVALID, "the digest query parameter is required to complete an upload");
            return;
        }
        Optional<Digest> digest = digest(exchange, param.get(), "digest");
        if (digest.isEmpty()) {
            return;
        }
        boolean hasBody = HttpUtil.isTransferEncodingChunked(exchange.request()) || exchange.declaredBodyLength() > 0;
        if (!hasBody) {
            finish(exchange, repo, requested, name, uuid.get(), digest.get());
            return;
        }
        // The body is taken on the event loop, which owns the connection's state: after the size is known.
        exchange.when(blobs.uploadSize(uuid.get()), (size, err) -> {
            if (err != null || size.isEmpty()) {
                unknownOr(exchange, err, uuid.get());
            } else if (!tooLarge(exchange, size.get())) {
                ByteSource body = exchange.requestBody(maxUploadBytes - size.get());
                exchange.when(blobs.appendUpload(uuid.get(), size.get(), body), (n, e) -> {
                    if (e != null) {
                        uploadFailure(exchange, e, "upload " + uuid.get());
                    } else {
                        finish(exchange, repo, requested, name, uuid.get(), digest.get());
                    }
                });
            }
        });
    }

    /** Completes the session into a blob verified against {@code digest}, and links it into the image. */
    private void finish(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name, UUID uuid,
                        Digest digest) {
        CompletableFuture<Long> completed = blobs.completeUpload(uuid, digest)
                .thenCompose(blobs::stat)
                .thenApply(size -> size.orElseThrow(() -> new IllegalStateException("blob " + digest
                        + " is missing right after its upload completed")));
        exchange.when(completed, (size, err) -> {
            if (err != null) {
                uploadFailure(exchange, err, "upload " + uuid);
            } else {
                linkAndCreated(exchange, repo, requested, name, digest, size);
            }
        });
    }

    /** {@code DELETE} of a session: cancels it, 204. */
    void cancel(Exchange exchange, String id) {
        Optional<UUID> uuid = session(exchange, id);
        if (uuid.isEmpty()) {
            return;
        }
        exchange.when(blobs.cancelUpload(uuid.get()), (existed, err) -> {
            if (err != null || !existed) {
                unknownOr(exchange, err, uuid.get());
            } else {
                exchange.respond(HttpResponseStatus.NO_CONTENT, DockerResponses.headers(), Unpooled.EMPTY_BUFFER);
            }
        });
    }

    private void linkAndCreated(Exchange exchange, LocalDockerRepository repo, ImageName requested, ImageName name,
                                Digest digest, long size) {
        exchange.when(repo.link(name, digest, size, clock.instant()), (v, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.BLOB_UNKNOWN, "blob " + digest);
                return;
            }
            HttpHeaders headers = DockerResponses.headers();
            headers.set(HttpHeaderNames.LOCATION, "/v2/" + requested + "/blobs/" + digest);
            headers.set(DockerResponses.DIGEST_HEADER, digest.toString());
            headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
            exchange.respond(HttpResponseStatus.CREATED, headers, Unpooled.EMPTY_BUFFER);
        });
    }

    /** The headers of a session's progress: where it continues, and the bytes it holds as an inclusive range. */
    private static HttpHeaders progress(ImageName requested, UUID uuid, long size) {
        HttpHeaders headers = DockerResponses.headers();
        headers.set(HttpHeaderNames.LOCATION, "/v2/" + requested + "/blobs/uploads/" + uuid);
        headers.set(UPLOAD_UUID_HEADER, uuid.toString());
        // The spec's Range is inclusive; an empty session reports 0-0, as distribution does.
        headers.set(HttpHeaderNames.RANGE, "0-" + Math.max(0, size - 1));
        headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return headers;
    }

    private static void rangeError(Exchange exchange, ImageName requested, UUID uuid, long size, String message) {
        HttpHeaders headers = progress(requested, uuid, size);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        DockerResponses.error(exchange, ErrorCode.RANGE_NOT_SATISFIABLE, message, headers);
    }

    private boolean tooLarge(Exchange exchange, long offset) {
        long declared = exchange.declaredBodyLength();
        if (declared >= 0 && offset + declared > maxUploadBytes) {
            DockerResponses.error(exchange, ErrorCode.TOO_LARGE, "a blob of " + (offset + declared) + " bytes is larger than "
                    + maxUploadBytes + " bytes (server.limits.maxUploadBytes)");
            return true;
        }
        return false;
    }

    private static void uploadFailure(Exchange exchange, Throwable err, String what) {
        Throwable cause = Futures.unwrap(err);
        if (cause instanceof DigestMismatchException mismatch) {
            DockerResponses.error(exchange, ErrorCode.DIGEST_INVALID, mismatch.getMessage());
        } else if (cause instanceof UnknownUploadException) {
            DockerResponses.error(exchange, ErrorCode.BLOB_UPLOAD_UNKNOWN, what + " is not known (finished, cancelled or expired)");
        } else if (cause instanceof UploadOffsetException offsetError) {
            DockerResponses.error(exchange, ErrorCode.RANGE_NOT_SATISFIABLE, offsetError.getMessage());
        } else {
            DockerResponses.failure(exchange, cause, ErrorCode.BLOB_UPLOAD_UNKNOWN, what);
        }
    }

    private static void unknownOr(Exchange exchange, Throwable err, UUID uuid) {
        if (err != null) {
            uploadFailure(exchange, err, "upload " + uuid);
        } else {
            DockerResponses.error(exchange, ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + uuid
                    + " is not known (finished, cancelled or expired)");
        }
    }

    /** The session a path names; answers BLOB_UPLOAD_UNKNOWN for an id Wharf never hands out. */
    private static Optional<UUID> session(Exchange exchange, String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equals(id)) {
                return Optional.of(uuid);
            }
        } catch (IllegalArgumentException e) {
            // Not one of ours: unknown below.
        }
        DockerResponses.error(exchange, ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + Printable.of(id) + " is not known");
        return Optional.empty();
    }

    private static Optional<Digest> digest(Exchange exchange, String text, String parameter) {
        if (!Digest.isValid(text)) {
            DockerResponses.error(exchange, ErrorCode.DIGEST_INVALID, parameter + ": " + Printable.of(text)
                    + " (expected: sha256:<64 lowercase hex>)");
            return Optional.empty();
        }
        return Optional.of(Digest.parse(text));
    }
}
