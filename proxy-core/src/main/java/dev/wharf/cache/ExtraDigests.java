package dev.wharf.cache;

import dev.wharf.codec.ContentDigest;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hashes a fill's bytes with the algorithms its protocol gives digests in, other than sha256 (which the
 * blob writer computes anyway): sha512, sha1, md5. Hashing runs off the event loop, one buffer after the
 * other on a chain of tasks; when there is nothing to compute, nothing runs.
 */
final class ExtraDigests {
    private final List<ContentDigest> expected;
    private final Map<ContentDigest.Algorithm, MessageDigest> hashers = new EnumMap<>(ContentDigest.Algorithm.class);
    private final Executor executor;
    private final AtomicLong pending = new AtomicLong();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    ExtraDigests(List<ContentDigest> expected, Executor executor) {
        this.expected = expected.stream().filter(d -> d.algorithm() != ContentDigest.Algorithm.SHA256).toList();
        this.executor = executor;
        for (ContentDigest d : this.expected) {
            hashers.computeIfAbsent(d.algorithm(), ContentDigest.Algorithm::newHasher);
        }
    }

    /** True when there is something to compute. */
    boolean active() {
        return !hashers.isEmpty();
    }

    /**
     * Hashes {@code buf}, taking ownership of it (released once hashed); completes when it was hashed.
     * Only called when {@link #active()}.
     */
    CompletableFuture<Void> update(ByteBuf buf) {
        int length = buf.readableBytes();
        pending.addAndGet(length);
        tail = tail.thenRunAsync(() -> {
            try {
                for (MessageDigest hasher : hashers.values()) {
                    for (ByteBuffer part : buf.nioBuffers()) {
                        hasher.update(part);
                    }
                }
            } finally {
                buf.release();
                pending.addAndGet(-length);
            }
        }, executor);
        return tail;
    }

    /** Bytes handed over and not hashed yet. */
    long pendingBytes() {
        return pending.get();
    }

    /** Completes once everything is hashed, or fails with {@link FillException} naming the first mismatch. */
    CompletableFuture<Void> verify() {
        return tail.thenRun(() -> {
            Map<ContentDigest.Algorithm, ContentDigest> actual = new EnumMap<>(ContentDigest.Algorithm.class);
            hashers.forEach((algorithm, hasher) -> actual.put(algorithm, ContentDigest.ofBytes(algorithm, hasher.digest())));
            List<String> mismatches = new ArrayList<>();
            for (ContentDigest want : expected) {
                ContentDigest got = actual.get(want.algorithm());
                if (!got.equals(want)) {
                    mismatches.add("expected " + want + ", got " + got);
                }
            }
            if (!mismatches.isEmpty()) {
                throw new FillException("the upstream's bytes do not match their digest: " + String.join("; ", mismatches));
            }
        });
    }
}
