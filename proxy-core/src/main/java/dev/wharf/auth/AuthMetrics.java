package dev.wharf.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/** {@code wharf_auth_failures_total{reason}}: failed authentications ({@code invalid}) and refusals for too many of them ({@code rate_limited}). */
final class AuthMetrics implements MeterBinder {
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    void invalid() {
        invalid.incrementAndGet();
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        io.micrometer.core.instrument.FunctionCounter.builder("wharf.auth.failures", invalid, AtomicLong::get)
                .description("Failed authentications").tag("reason", "invalid").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("wharf.auth.failures", rateLimited, AtomicLong::get)
                .description("Failed authentications").tag("reason", "rate_limited").register(registry);
    }
}
