package dev.wharf.terraform;

/** A value read from a repository, with the {@code Warning} header value when it came from a stale copy, else null. */
record Fetched<T>(T value, String warning) {
    /** A fresh value. */
    static <T> Fetched<T> fresh(T value) {
        return new Fetched<>(value, null);
    }

    /** Another value from the same copy, keeping its warning. */
    <U> Fetched<U> with(U other) {
        return new Fetched<>(other, warning);
    }

    /** The warning of either, this one's first. */
    String warningOr(String other) {
        return warning != null ? warning : other;
    }
}
