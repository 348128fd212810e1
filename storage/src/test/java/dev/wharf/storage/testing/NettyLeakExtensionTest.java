package dev.wharf.storage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NettyLeakExtensionTest {
    @Test
    void aLeakedBufferFailsTheCheck() {
        String hint = "leaked on purpose " + UUID.randomUUID();
        leakABuffer(hint);

        // The collector may need more than one pass to find the buffer unreachable.
        AssertionError caught = null;
        for (int attempt = 0; attempt < 10 && caught == null; attempt++) {
            try {
                NettyLeakExtension.assertNoLeaks("by the deliberate leak");
            } catch (AssertionError e) {
                caught = e;
            }
        }

        assertThat(caught).as("the leak check caught the leaked buffer").isNotNull();
        assertThat(caught.getMessage())
                .startsWith("1 Netty buffer leaked by the deliberate leak")
                .contains(hint)
                .contains("NettyLeakExtensionTest.leakABuffer");
    }

    @Test
    void aReleasedBufferPassesTheCheck() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42);
        buf.release();

        assertThatCode(() -> NettyLeakExtension.assertNoLeaks("by a released buffer")).doesNotThrowAnyException();
    }

    private static void leakABuffer(String hint) {
        PooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42).touch(hint);
    }
}
