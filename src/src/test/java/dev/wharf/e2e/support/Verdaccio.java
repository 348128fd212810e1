package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * A verdaccio npm registry the test owns: its own config and storage under the test's directory, no uplinks (it
 * serves only what the test publishes to it), anonymous publish, on a free port of 127.0.0.1.
 */
public final class Verdaccio implements AutoCloseable {
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private final Path program;
    private final Path dir;
    private final int port;
    private Process process;

    private Verdaccio(Path program, Path dir, int port) {
        this.program = program;
        this.dir = dir;
        this.port = port;
    }

    /** Starts verdaccio with its config and storage in {@code dir}; waits until it answers {@code /-/ping}. */
    public static Verdaccio start(Path program, Path dir) {
        try {
            Files.createDirectories(dir.resolve("storage"));
            Files.writeString(dir.resolve("config.yaml"), String.join("\n", List.of(
                    "storage: ./storage",
                    "auth: { htpasswd: { file: ./htpasswd, max_users: -1 } }",
                    "uplinks: {}",
                    "packages:",
                    "  '@*/*': { access: $all, publish: $anonymous }",
                    "  '**': { access: $all, publish: $anonymous }",
                    "log: { type: stdout, format: pretty, level: warn }",
                    "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Verdaccio verdaccio = new Verdaccio(program, dir, FreePort.pick());
        verdaccio.start();
        return verdaccio;
    }

    /** Starts it (again) on the same port and storage. */
    public synchronized void start() {
        ProcessBuilder builder = new ProcessBuilder(program.toString(), "--config", dir.resolve("config.yaml").toString(),
                "--listen", "127.0.0.1:" + port)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("verdaccio.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + program, e);
        }
        Waits.until(READY_LIMIT, "verdaccio to answer on " + url(), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("verdaccio exited with " + process.exitValue() + "\n" + LogTail.of(dir.resolve("verdaccio.log"), 40));
            }
            OptionalInt status = HttpProbe.status(url() + "/-/ping", Duration.ofSeconds(1));
            return status.isPresent() && status.getAsInt() == 200;
        }, () -> LogTail.of(dir.resolve("verdaccio.log"), 40));
    }

    /** Stops it (SIGTERM, then kill); its storage stays. */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, Duration.ofSeconds(5));
            process = null;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
