package dev.wharf.e2e.support;

import java.util.Locale;

/**
 * Where a client pulls an image from: the upstream registry itself (the control that proves the harness
 * and the client work without Wharf), Wharf in path mode ({@code <wharf>/<repo-key>/<image>:<tag>}), or
 * Wharf in mirror mode ({@code <wharf>/<image>:<tag>}, served by {@code docker.defaultRepository}).
 */
public enum PullMode {
    UPSTREAM,
    PATH,
    MIRROR;

    /** A short lower-case name, usable in an image name. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }
}
