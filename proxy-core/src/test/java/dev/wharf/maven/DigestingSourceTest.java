package dev.wharf.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.maven.MavenChecksum;
import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DigestingSourceTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void buffersPassThroughUnchangedAndAreHashedOnTheWay() {
        byte[] all = new byte[100_000];
        new Random(3).nextBytes(all);
        Deque<ByteBuf> pieces = new ArrayDeque<>();
        for (int i = 0; i < all.length; i += 30_000) {
            // A direct buffer and a composite one: hashing must read what is readable, whatever the kind.
            int end = Math.min(all.length, i + 30_000);
            ByteBuf piece = Unpooled.directBuffer(end - i).writeBytes(all, i, end - i);
            pieces.add(i % 60_000 == 0 ? piece : Unpooled.wrappedBuffer(piece));
        }
        ByteSource source = new ByteSource() {
            @Override
            public CompletableFuture<ByteBuf> next() {
                return CompletableFuture.completedFuture(pieces.poll());
            }

            @Override
            public void close() {
                pieces.forEach(ByteBuf::release);
            }
        };
        DigestingSource digesting = new DigestingSource(source, List.of(ContentDigest.Algorithm.SHA1,
                ContentDigest.Algorithm.MD5, ContentDigest.Algorithm.SHA512), executor);
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        for (ByteBuf buf = digesting.next().join(); buf != null; buf = digesting.next().join()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            passed.writeBytes(bytes);
            assertThat(buf.release()).isTrue();
        }
        digesting.close();
        assertThat(passed.toByteArray()).isEqualTo(all);
        Map<ContentDigest.Algorithm, ContentDigest> digests = digesting.digests();
        for (ContentDigest.Algorithm a : List.of(ContentDigest.Algorithm.SHA1, ContentDigest.Algorithm.MD5,
                ContentDigest.Algorithm.SHA512)) {
            assertThat(digests.get(a)).isEqualTo(MavenChecksum.of(a, all));
        }
    }
}
