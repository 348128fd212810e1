package dev.wharf.e2e.support;

/** Daemons that only run as root (dockerd, containerd): skip their tests otherwise, fail instead under {@code CI=true}. */
public final class RootUser {
    private RootUser() {
    }

    /** Returns when this JVM runs as root; else skips the test, or fails it under {@code CI=true}. */
    public static void require(String program) {
        if (!"root".equals(System.getProperty("user.name"))) {
            RequiredProgramExtension.unavailable(program + " runs only as root (this JVM runs as "
                    + System.getProperty("user.name") + ")", System.getenv());
        }
    }
}
