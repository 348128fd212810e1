package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A daemon the suite starts (containerd, dockerd): its stdout and stderr in a log file, a bounded wait
 * until it is ready, and a stop that sends SIGTERM, kills after a grace period, then kills any child it
 * left behind. A JVM shutdown hook stops it should the test JVM end first.
 */
public final class Daemon implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Process process;
    private final Thread shutdownHook;
    private boolean stopped;

    private Daemon(String name, Process process) {
        this.process = process;
        this.shutdownHook = new Thread(this::kill, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code builder}'s program (named {@code name} in messages), its output appended to {@code log},
     * and polls {@code ready} until it holds; stops it and fails with the log's tail when it exits or
     * is not ready within {@code readyLimit}.
     */
    public static Daemon start(String name, ProcessBuilder builder, Path log, Duration readyLimit, BooleanSupplier ready) {
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Daemon daemon;
        try {
            daemon = new Daemon(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", builder.command()), e);
        }
        try {
            Waits.until(readyLimit, name + " to be ready", () -> {
                if (!daemon.process.isAlive()) {
                    throw new AssertionError(name + " exited with " + daemon.process.exitValue() + "\n" + LogTail.of(log, 40));
                }
                return ready.getAsBoolean();
            }, () -> LogTail.of(log, 40));
        } catch (RuntimeException | Error e) {
            daemon.stop();
            throw e;
        }
        return daemon;
    }

    /** SIGTERM, then a kill after 15 s, then a kill of any child still alive. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        // Children are re-parented once the daemon is gone: remember them now.
        List<ProcessHandle> children = process.descendants().toList();
        Processes.stop(process, STOP_GRACE);
        killAll(children);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing left to undo.
        }
    }

    private void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        killAll(children);
    }

    private static void killAll(List<ProcessHandle> processes) {
        for (ProcessHandle child : processes) {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

}
