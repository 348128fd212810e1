package dev.wharf.e2e.support;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The registry a push suite runs against, chosen by the system property {@value #PROPERTY}: {@code wharf}
 * (the default) starts a Wharf with a docker local repository {@value #LOCAL_KEY}, whose images live under
 * {@code /v2/<key>/<name>/}; {@code reference} starts the reference registry (CNCF distribution, storage
 * delete enabled), whose images live under {@code /v2/<name>/}. Suites address images through
 * {@link #repository(String)}, so the same test runs against both.
 */
public final class RegistryTarget implements AutoCloseable {
    /** The system property naming the target. */
    public static final String PROPERTY = "wharf.conformance.target";
    /** The key of Wharf's docker local repository. */
    public static final String LOCAL_KEY = "hub-local";

    /** The registries a suite can run against. */
    public enum Kind {
        WHARF, REFERENCE;

        /** The kind the system property names; {@link #WHARF} when it is unset. */
        public static Kind selected() {
            String value = System.getProperty(PROPERTY, "wharf").trim().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "wharf", "" -> WHARF;
                case "reference" -> REFERENCE;
                default -> throw new IllegalArgumentException(PROPERTY + ": " + value + " (expected: wharf or reference)");
            };
        }
    }

    private final Kind kind;
    private final WharfProcess wharf;
    private final DistributionRegistry registry;

    private RegistryTarget(Kind kind, WharfProcess wharf, DistributionRegistry registry) {
        this.kind = kind;
        this.wharf = wharf;
        this.registry = registry;
    }

    /** Starts the selected target in {@code workDir}; its log is named after {@code name}. */
    public static RegistryTarget start(Path workDir, String name) {
        return start(workDir, name, UnaryOperator.identity());
    }

    /**
     * Starts the selected target in {@code workDir}; for Wharf, {@code customize} may add to the builder
     * (JVM options, more repositories) after the local repository {@value #LOCAL_KEY} was added.
     */
    public static RegistryTarget start(Path workDir, String name, UnaryOperator<WharfProcess.Builder> customize) {
        Kind kind = Kind.selected();
        if (kind == Kind.REFERENCE) {
            return new RegistryTarget(kind, null, DistributionRegistry.start(workDir.resolve("reference")));
        }
        WharfProcess.Builder builder = WharfProcess.builder(workDir.resolve("wharf")).name(name)
                .docker(DockerRepository.local(LOCAL_KEY));
        return new RegistryTarget(kind, customize.apply(builder).start(), null);
    }

    /** Which registry this is. */
    public Kind kind() {
        return kind;
    }

    /** True for the reference registry. */
    public boolean isReference() {
        return kind == Kind.REFERENCE;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return wharf != null ? wharf.url() : registry.url();
    }

    /** {@code 127.0.0.1:<port>}, as used in image references. */
    public String hostPort() {
        return wharf != null ? wharf.hostPort() : registry.hostPort();
    }

    /** The repository path of image {@code name}: {@code hub-local/<name>} on Wharf, {@code <name>} on the reference. */
    public String repository(String name) {
        return wharf != null ? LOCAL_KEY + "/" + name : name;
    }

    /** {@code <host:port>/<repository(name)>}: what a client pushes to and pulls from, without tag. */
    public String reference(String name) {
        return hostPort() + "/" + repository(name);
    }

    /** The Wharf process, for suites that need its log or files; fails on the reference target. */
    public WharfProcess wharf() {
        if (wharf == null) {
            throw new IllegalStateException("the target is the reference registry, not Wharf");
        }
        return wharf;
    }

    /** The last lines of the target's log. */
    public String logTail(int lines) {
        return wharf != null ? wharf.logTail(lines) : LogTail.of(registry.log(), lines);
    }

    /** Stops the target; Wharf's stop fails on a Netty leak report in its log. */
    @Override
    public void close() {
        if (wharf != null) {
            wharf.stop();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
