package dev.wharf.e2e.support;

/**
 * The timeouts of a remote's {@code upstream} block: {@code readTimeout} (longest wait for an upstream
 * byte) and {@code revalidationTimeout} (longest wait for a tag's revalidation before the cached copy is
 * served stale). Either is null when not configured, not both.
 */
public record UpstreamTimeouts(String readTimeout, String revalidationTimeout) {
    public UpstreamTimeouts {
        if (readTimeout == null && revalidationTimeout == null) {
            throw new IllegalArgumentException("upstream timeouts: none set (expected: at least one)");
        }
    }
}
