package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The CNCF distribution registry (Debian package {@code docker-registry}, run as
 * {@code docker-registry serve <config.yml>}) on 127.0.0.1 with filesystem storage in a test directory
 * and no auth. It can be stopped and started again on the same port and data, so that a test can prove
 * a pull works with the upstream down. Every wait is bounded.
 */
public final class DistributionRegistry implements AutoCloseable {
    /** The executable name. */
    public static final String PROGRAM = "docker-registry";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "docker-registry";
    private static final Duration READY_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Path executable;
    private final int port;
    private final Path config;
    private final Path log;
    private Process process;

    private DistributionRegistry(Path executable, Path workDir, int port) throws IOException {
        this.executable = executable;
        this.port = port;
        Path data = Files.createDirectories(workDir.resolve("data"));
        this.config = workDir.resolve("config.yml");
        this.log = workDir.resolve("registry.log");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + data,
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                // A fixed secret only silences the warning about a generated one.
                "  secret: wharf-e2e-not-a-secret",
                ""));
    }

    /** Starts a registry storing into {@code workDir}/data on a free port, and waits until it answers. */
    public static DistributionRegistry start(Path workDir) {
        try {
            Path executable = Programs.require(PROGRAM, DEBIAN_PACKAGE);
            DistributionRegistry registry = new DistributionRegistry(executable, Files.createDirectories(workDir), FreePort.pick());
            registry.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the registry in " + workDir, e);
        }
    }

    /** Starts the registry (again) on the same port and data; waits until {@code GET /v2/} answers 200. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("registry on port " + port + " already runs");
        }
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // REGISTRY_* variables would override the generated config.
        builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        Waits.until(READY_LIMIT, "docker-registry to answer on " + url(), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited with " + process.exitValue() + "\n" + LogTail.of(log, 40));
            }
            OptionalInt status = HttpProbe.status(url() + "/v2/", Duration.ofSeconds(1));
            return status.isPresent() && status.getAsInt() == 200;
        }, () -> LogTail.of(log, 40));
    }

    /** Stops the registry (SIGTERM, then kill); its data stays for {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, STOP_GRACE);
            process = null;
        }
    }

    /** True while the registry process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, as used in image references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://" + hostPort();
    }

    /** The registry's own log (stdout and stderr of every run). */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stop();
    }
}
