package dev.wharf.maven;

import dev.wharf.codec.ContentDigest;
import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A request body on its way to the blob store, hashed as it passes with the algorithms the store does not
 * compute itself (sha1, md5, sha512: the checksums Maven deploys and asks for), on {@code executor} so that
 * hashing a large upload does not hold up an event loop. Buffers pass through unchanged: whoever pulls one owns it.
 */
final class DigestingSource implements ByteSource {
    private final ByteSource source;
    private final Executor executor;
    private final Map<ContentDigest.Algorithm, MessageDigest> hashers = new EnumMap<>(ContentDigest.Algorithm.class);

    DigestingSource(ByteSource source, List<ContentDigest.Algorithm> algorithms, Executor executor) {
        this.source = source;
        this.executor = executor;
        algorithms.forEach(a -> hashers.put(a, a.newHasher()));
    }

    @Override
    public CompletableFuture<ByteBuf> next() {
        return source.next().thenApplyAsync(buf -> {
            if (buf != null) {
                try {
                    for (ByteBuffer part : buf.nioBuffers()) {
                        for (MessageDigest hasher : hashers.values()) {
                            hasher.update(part.duplicate());
                        }
                    }
                } catch (RuntimeException e) {
                    buf.release();
                    throw e;
                }
            }
            return buf;
        }, executor);
    }

    /** The digests of everything pulled; call once, after the end of the stream. */
    Map<ContentDigest.Algorithm, ContentDigest> digests() {
        Map<ContentDigest.Algorithm, ContentDigest> digests = new EnumMap<>(ContentDigest.Algorithm.class);
        hashers.forEach((algorithm, hasher) -> digests.put(algorithm, ContentDigest.ofBytes(algorithm, hasher.digest())));
        return digests;
    }

    @Override
    public void close() {
        source.close();
    }
}
