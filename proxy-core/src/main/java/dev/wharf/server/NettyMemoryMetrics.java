package dev.wharf.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.util.function.LongSupplier;

/**
 * Netty's buffer memory: what the pooled allocator (used for file and upstream reads) and the default
 * allocator (the channels') hold, and the direct memory Netty counts itself where it does (when it
 * allocates direct buffers without a cleaner). Every value is a counter Netty keeps: reading them does no
 * I/O.
 */
final class NettyMemoryMetrics implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        PooledByteBufAllocator pooled = PooledByteBufAllocator.DEFAULT;
        ByteBufAllocatorMetric pooledMetric = pooled.metric();
        used(registry, "pooled", "direct", pooledMetric::usedDirectMemory);
        used(registry, "pooled", "heap", pooledMetric::usedHeapMemory);
        pinned(registry, "direct", pooled::pinnedDirectMemory);
        pinned(registry, "heap", pooled::pinnedHeapMemory);
        ByteBufAllocator channels = ByteBufAllocator.DEFAULT;
        if (channels != pooled && channels instanceof ByteBufAllocatorMetricProvider provider) {
            String name = channels.getClass().getSimpleName().replace("ByteBufAllocator", "").toLowerCase(java.util.Locale.ROOT);
            ByteBufAllocatorMetric metric = provider.metric();
            used(registry, name, "direct", metric::usedDirectMemory);
            used(registry, name, "heap", metric::usedHeapMemory);
        }
        if (PlatformDependent.usedDirectMemory() >= 0) {
            Gauge.builder("wharf.netty.direct.memory.used", PlatformDependent::usedDirectMemory)
                    .description("Direct memory Netty allocated without a cleaner and counts itself")
                    .baseUnit(BaseUnits.BYTES).register(registry);
        }
    }

    private static void used(MeterRegistry registry, String allocator, String area, LongSupplier bytes) {
        Gauge.builder("wharf.netty.allocator.used", () -> bytes.getAsLong())
                .description("Memory a Netty buffer allocator holds (in use or cached)")
                .tags("allocator", allocator, "area", area).baseUnit(BaseUnits.BYTES).register(registry);
    }

    private static void pinned(MeterRegistry registry, String area, LongSupplier bytes) {
        Gauge.builder("wharf.netty.allocator.pinned", () -> bytes.getAsLong())
                .description("Memory of the pooled allocator taken by buffers in use")
                .tags("allocator", "pooled", "area", area).baseUnit(BaseUnits.BYTES).register(registry);
    }
}
