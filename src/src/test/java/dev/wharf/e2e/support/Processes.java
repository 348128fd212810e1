package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes with bounded lifetimes: run-to-completion with a deadline, SIGTERM-then-kill stops, and SIGKILL. */
public final class Processes {
    private Processes() {
    }

    /** What a finished command printed (stdout and stderr merged) and its exit code. */
    public record Outcome(List<String> command, int exitCode, String output) {
        /** Fails, showing the command and its output, unless the exit code is 0. */
        public Outcome requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    /**
     * Runs {@code builder} to completion, its output merged into {@code outputFile}; kills it and fails
     * when it outlives {@code limit}.
     */
    public static Outcome run(ProcessBuilder builder, Path outputFile, Duration limit) {
        builder.redirectErrorStream(true).redirectOutput(outputFile.toFile());
        try {
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process, Duration.ofSeconds(2));
                throw new AssertionError(String.join(" ", builder.command()) + " did not finish within "
                        + limit.toSeconds() + " s:\n" + Files.readString(outputFile, StandardCharsets.UTF_8));
            }
            return new Outcome(builder.command(), process.exitValue(), Files.readString(outputFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + builder.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + builder.command(), e);
        }
    }

    /** Sends SIGKILL and returns once the process is gone (bounded: fails after 10 s). */
    public static void kill(Process process) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("process " + process.pid() + " outlived SIGKILL by 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing process " + process.pid(), e);
        }
    }

    /** Sends SIGTERM, waits up to {@code grace}, then kills; returns once the process is gone. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
