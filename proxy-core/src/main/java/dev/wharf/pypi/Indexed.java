package dev.wharf.pypi;

import dev.wharf.server.CacheStatus;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A simple-API answer (a page, a project list), how it was obtained (for the access log), and the
 * {@code Warning} header it must carry when it comes from a stale copy of an upstream's, else null.
 */
record Indexed<T>(T value, CacheStatus status, String warning) {
    Indexed {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(status, "status");
    }

    /** An answer computed from what is stored here. */
    static <T> Indexed<T> stored(T value) {
        return new Indexed<>(value, CacheStatus.HIT, null);
    }

    <R> Indexed<R> map(Function<T, R> mapping) {
        return new Indexed<>(mapping.apply(value), status, warning);
    }

    /** The first warning of several answers merged into one, or null. */
    static String firstWarning(List<? extends Indexed<?>> answers) {
        return answers.stream().map(Indexed::warning).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
