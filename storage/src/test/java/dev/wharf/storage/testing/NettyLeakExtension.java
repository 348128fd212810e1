package dev.wharf.storage.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a buffer that was garbage-collected without being released.
 *
 * <p>Registered for every test class of a module that has this test-jar on its test classpath, through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}.
 * Loading this class installs a {@link ResourceLeakDetectorFactory} whose detectors record leaks instead
 * of only logging them; that must happen before {@code io.netty.buffer.AbstractByteBuf} is initialised,
 * which takes its detector once, so {@link #beforeAll} fails if some buffer was made earlier. Detection is
 * only exhaustive at level {@code paranoid} ({@code -Dio.netty.leakDetection.level=paranoid}, set by the
 * parent POM's surefire argLine, and set here when the property is absent, e.g. in an IDE).
 *
 * <p>After each test (and after each class, for class-level fixtures) it runs the garbage collector
 * twice, makes every detector poll its reference queue, and fails listing the leak records, which say
 * where the buffer was allocated and last touched.
 */
public final class NettyLeakExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static final List<RecordingDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();

    static {
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Initialises AbstractByteBuf if nothing did yet, so that its detector comes from our factory.
        Unpooled.buffer(1).release();
        if (DETECTORS.stream().noneMatch(detector -> detector.resource == ByteBuf.class)) {
            throw new IllegalStateException("NettyLeakExtension was loaded after io.netty.buffer.AbstractByteBuf "
                    + "was initialised, so buffer leaks would go unnoticed (expected: the extension registered "
                    + "through junit-platform.properties autodetection, before any test touches a ByteBuf)");
        }
        assertNoLeaks("before " + context.getDisplayName() + " (left by an earlier test class)");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertNoLeaks("by " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaks("by the class-level fixtures of " + context.getDisplayName());
    }

    /**
     * Collects the leaks reported since the last check and fails listing them.
     *
     * @param where completes the message "N Netty buffers leaked ..."
     * @throws AssertionError when a leak was reported
     */
    public static void assertNoLeaks(String where) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer" + (leaks.size() == 1 ? "" : "s") + " leaked "
                    + where + " (garbage-collected without release()):\n" + String.join("\n\n", leaks));
        }
    }

    /** Runs the garbage collector, lets every detector report what it found, and takes the reports. */
    public static List<String> collectLeaks() {
        awaitGarbageCollection();
        awaitGarbageCollection();
        DETECTORS.forEach(RecordingDetector::poll);
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }

    /** A full collection whose phantom references were handed to their queues (or one second passed). */
    private static void awaitGarbageCollection() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
            DETECTORS.add(detector);
            return detector;
        }

        @Override
        @Deprecated
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                  long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        private final Class<T> resource;

        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
            this.resource = resource;
        }

        /** Makes the detector drain its reference queue, which it otherwise does only when tracking. */
        @SuppressWarnings("unchecked")
        void poll() {
            T probe = (T) new Object(); // erased: the detector only keeps a phantom reference to it
            ResourceLeakTracker<T> tracker = trackForcibly(probe);
            if (tracker != null) {
                tracker.close(probe);
            }
        }

        // Record whether or not a logger is configured (the default asks the logger first); the failing
        // test's message carries the records, so they are not logged as well.
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + " (no access records: run with -D" + LEVEL_PROPERTY + "=paranoid)");
        }
    }
}
