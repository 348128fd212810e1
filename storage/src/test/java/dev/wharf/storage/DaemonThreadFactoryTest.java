package dev.wharf.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;

class DaemonThreadFactoryTest {
    @Test
    void makesNumberedDaemonThreadsThatNettyTreatsAsItsOwn() {
        DaemonThreadFactory factory = new DaemonThreadFactory("wharf-test");

        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        assertThat(first.getName()).isEqualTo("wharf-test-1");
        assertThat(second.getName()).isEqualTo("wharf-test-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(first).as("pooled allocator caches are kept only for these").isInstanceOf(FastThreadLocalThread.class);
    }
}
