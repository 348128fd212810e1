package dev.wharf.e2e.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Owns the Wharf processes a test starts (register with {@code @RegisterExtension}): names their logs
 * after the test, attaches each log's tail to a failing test, and stops them after the test, which
 * fails the test when a log holds a Netty leak report.
 */
public final class WharfProcesses implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
    private static final int TAIL_LINES = 80;
    // Tests run on a separate thread (junit-platform.properties), and a timed-out one may still start a process.
    private final List<WharfProcess> started = new CopyOnWriteArrayList<>();
    private String testName = "wharf";

    /** Starts {@code builder}'s Wharf, logging under the current test's name; it is stopped after the test. */
    public WharfProcess start(WharfProcess.Builder builder) {
        WharfProcess wharf = builder.name(testName).start();
        started.add(wharf);
        return wharf;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testName = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (WharfProcess wharf : started) {
            String tail = wharf.logTail(TAIL_LINES);
            System.err.println(tail);
            failure.addSuppressed(new WharfLog(tail));
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        AssertionError first = null;
        for (WharfProcess wharf : started) {
            try {
                wharf.stop();
            } catch (AssertionError leak) {
                if (first == null) {
                    first = leak;
                } else {
                    first.addSuppressed(leak);
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Carries a Wharf log tail into a test failure's report; not an error of its own. */
    private static final class WharfLog extends RuntimeException {
        WharfLog(String tail) {
            super("Wharf log\n" + tail, null, false, false);
        }
    }
}
