package dev.wharf.cargo;

import dev.wharf.server.MalformedRequestBodyException;
import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Splits the body of {@code cargo publish} ({@code u32 LE} length, the JSON metadata, {@code u32 LE} length, the
 * {@code .crate} file) without holding the crate: the header is read into memory (bounded), the crate bytes come
 * back as a source to stream on.
 */
final class PublishBody {
    /** The two parts: the metadata's bytes, the crate's declared length, and a source of the crate's bytes (owned by the caller). */
    record Parts(byte[] metadata, long crateLength, ByteSource crate) {
    }

    private final ByteSource body;
    private final int maxMetadataBytes;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private final CompletableFuture<Parts> done = new CompletableFuture<>();
    private long metadataLength = -1;

    private PublishBody(ByteSource body, int maxMetadataBytes) {
        this.body = body;
        this.maxMetadataBytes = maxMetadataBytes;
    }

    /** Reads the header of {@code body}, which the returned parts' source then owns (closed on failure). */
    static CompletableFuture<Parts> read(ByteSource body, int maxMetadataBytes) {
        PublishBody reader = new PublishBody(body, maxMetadataBytes);
        reader.pull();
        return reader.done;
    }

    private void pull() {
        body.next().whenComplete((buf, err) -> {
            if (err != null) {
                body.close();
                done.completeExceptionally(err);
                return;
            }
            if (buf == null) {
                body.close();
                done.completeExceptionally(new MalformedRequestBodyException("the publish body ends inside its header"));
                return;
            }
            try {
                take(buf);
            } catch (RuntimeException e) {
                buf.release();
                body.close();
                done.completeExceptionally(e);
            }
        });
    }

    /** Copies what the header still needs out of {@code buf}; hands what follows it to the crate source. */
    private void take(ByteBuf buf) {
        while (buf.isReadable()) {
            long need = needed();
            if (need == 0) {
                break;
            }
            int n = (int) Math.min(need, buf.readableBytes());
            byte[] bytes = new byte[n];
            buf.readBytes(bytes);
            header.write(bytes, 0, n);
            if (metadataLength < 0 && header.size() == 4) {
                metadataLength = le32(header.toByteArray(), 0);
                if (metadataLength > maxMetadataBytes) {
                    throw new MalformedRequestBodyException("the publish metadata of " + metadataLength + " bytes is larger than "
                            + maxMetadataBytes + " bytes");
                }
            }
        }
        if (needed() > 0) {
            buf.release();
            pull();
            return;
        }
        byte[] all = header.toByteArray();
        byte[] metadata = new byte[(int) metadataLength];
        System.arraycopy(all, 4, metadata, 0, metadata.length);
        long crateLength = le32(all, 4 + metadata.length);
        done.complete(new Parts(metadata, crateLength, new Rest(buf, body)));
    }

    /** Header bytes still to read: the metadata length, the metadata, the crate length. */
    private long needed() {
        return metadataLength < 0 ? 4 - header.size() : 4 + metadataLength + 4 - header.size();
    }

    private static long le32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xffL) | (bytes[offset + 1] & 0xffL) << 8 | (bytes[offset + 2] & 0xffL) << 16
                | (bytes[offset + 3] & 0xffL) << 24;
    }

    /** What follows the header: the rest of the buffer that ended it (owned here until handed out), then the body. */
    private static final class Rest implements ByteSource {
        private ByteBuf first;
        private final ByteSource body;

        Rest(ByteBuf first, ByteSource body) {
            this.first = first;
            this.body = body;
        }

        @Override
        public CompletableFuture<ByteBuf> next() {
            ByteBuf head = first;
            if (head != null) {
                first = null;
                if (head.isReadable()) {
                    return CompletableFuture.completedFuture(head);
                }
                head.release();
            }
            return body.next();
        }

        @Override
        public void close() {
            if (first != null) {
                first.release();
                first = null;
            }
            body.close();
        }
    }
}
