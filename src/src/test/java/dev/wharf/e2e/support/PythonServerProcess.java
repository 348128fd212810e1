package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The process behind the test upstreams that are small {@code python3} HTTP servers: started with a clean Python
 * environment and its output appended to a log, ready once {@code GET /} answers 200, stopped with SIGTERM then a
 * kill, and startable again on the same port. Every wait is bounded.
 */
final class PythonServerProcess {
    private static final Duration READY_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;

    /** {@code command} runs the server on {@code port}; {@code name} says which server in failures. */
    PythonServerProcess(String name, List<String> command, Path log, int port) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.port = port;
    }

    /** Starts the server (again); waits until {@code GET /} answers 200. */
    synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " on port " + port + " already runs");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Python's own variables could change what the interpreter loads or how it buffers its log.
        builder.environment().keySet().removeIf(variable -> variable.startsWith("PYTHON"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Waits.until(READY_LIMIT, name + " to answer on " + url(), () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "\n" + LogTail.of(log, 40));
            }
            OptionalInt status = HttpProbe.status(url() + "/", Duration.ofSeconds(1));
            return status.isPresent() && status.getAsInt() == 200;
        }, () -> LogTail.of(log, 40));
    }

    /** Stops the server (SIGTERM, then kill). */
    synchronized void stop() {
        if (process != null) {
            Processes.stop(process, STOP_GRACE);
            process = null;
        }
    }

    /** True while the server process runs. */
    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://127.0.0.1:" + port;
    }
}
