package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs Python packaging clients (pip, twine, poetry, pdm) in a work directory of their own, cut off from the
 * machine's configuration: no pip.conf ({@code PIP_CONFIG_FILE=/dev/null}), no {@code PIP_FIND_LINKS}, no pip
 * cache, a private {@code HOME}; each run's output in a file of its own.
 */
public final class PythonTools {
    public static final String PIP = "pip";
    public static final String PIP_PACKAGE = "python3-pip";
    public static final String TWINE = "twine";
    public static final String TWINE_PACKAGE = "twine";
    public static final String POETRY = "poetry";
    public static final String POETRY_PACKAGE = "python3-poetry";
    public static final String PDM = "pdm";
    public static final String PDM_PACKAGE = "python3-pdm";

    private final Path dir;
    private final Duration limit;
    private final AtomicInteger runs = new AtomicInteger();

    private PythonTools(Path dir, Duration limit) {
        this.dir = dir;
        this.limit = limit;
    }

    public static PythonTools in(Path dir, Duration limit) {
        try {
            Files.createDirectories(dir.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PythonTools(dir, limit);
    }

    /** The directory runs happen in. */
    public Path dir() {
        return dir;
    }

    /** {@code pip install --target <target> --no-deps --index-url <index> <requirements...>}. */
    public Processes.Outcome pipInstall(String index, Path target, String... requirements) {
        List<String> command = new ArrayList<>(List.of(PIP, "install", "--no-cache-dir", "--no-deps", "--disable-pip-version-check",
                "--target", target.toString(), "--index-url", index));
        command.addAll(List.of(requirements));
        return run(command);
    }

    /** {@code pip download --dest <dest> --no-deps --index-url <index> <requirements...>}. */
    public Processes.Outcome pipDownload(String index, Path dest, String... requirements) {
        List<String> command = new ArrayList<>(List.of(PIP, "download", "--no-cache-dir", "--no-deps", "--disable-pip-version-check",
                "--dest", dest.toString(), "--index-url", index));
        command.addAll(List.of(requirements));
        return run(command);
    }

    /** Runs any command with the isolated environment, in {@code dir}. */
    public Processes.Outcome run(List<String> command) {
        return run(command, dir);
    }

    /** Runs any command with the isolated environment, in {@code workDir}. */
    public Processes.Outcome run(List<String> command, Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().remove("PIP_FIND_LINKS");
        builder.environment().remove("PIP_INDEX_URL");
        builder.environment().remove("PIP_EXTRA_INDEX_URL");
        builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
        builder.environment().put("PIP_NO_INPUT", "1");
        builder.environment().put("PIP_BREAK_SYSTEM_PACKAGES", "1");
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("home/.config").toString());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("home/.cache").toString());
        builder.environment().put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        return Processes.run(builder, dir.resolve("run-" + runs.incrementAndGet() + ".log"), limit);
    }
}
