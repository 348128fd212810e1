package dev.wharf.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per client address in fixed windows: after {@code limit} failures in one
 * {@code window}, the address is refused (a 429) until the window ends, without its secrets being checked. At most
 * {@value #MAX_ADDRESSES} addresses are tracked; past that, windows that ended are dropped first.
 */
final class FailedAuthentications {
    static final int MAX_ADDRESSES = 100_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {
    }

    FailedAuthentications(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds until {@code address} may try again; 0 when it may now. */
    long retryAfterSeconds(String address) {
        Window current = windows.get(address);
        Instant now = clock.instant();
        if (current == null || current.failures() < limit || !now.isBefore(current.start().plus(window))) {
            return 0;
        }
        return Math.max(1, Duration.between(now, current.start().plus(window)).toSeconds() + 1);
    }

    /** Records one failure of {@code address}. */
    void failed(String address) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        }
        windows.compute(address, (key, current) -> current == null || !now.isBefore(current.start().plus(window))
                ? new Window(now, 1) : new Window(current.start(), current.failures() + 1));
    }
}
