package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs helm as a user would, with its cache, config, data and registry login file under a test directory.
 * Debian has no helm: .ci/run unpacks it to {@value #CI_PATH} under HOME (the environment variable
 * {@value #VARIABLE} may name another one). Every run has a time limit.
 */
public final class Helm {
    /** The environment variable that may name the helm executable. */
    public static final String VARIABLE = "HELM";
    /** Where .ci/run puts helm, under HOME. */
    public static final String CI_PATH = ".cache/wharf-ci/helm/helm/helm";
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private final Path executable;
    private final Path workDir;
    private final Map<String, String> env;
    private final AtomicInteger runs = new AtomicInteger();

    private Helm(Path executable, Path workDir) throws IOException {
        this.executable = executable;
        this.workDir = Files.createDirectories(workDir);
        this.env = Map.of(
                "PATH", "/usr/local/bin:/usr/bin:/bin",
                "HOME", Files.createDirectories(workDir.resolve("home")).toString(),
                "HELM_CACHE_HOME", Files.createDirectories(workDir.resolve("cache")).toString(),
                "HELM_CONFIG_HOME", Files.createDirectories(workDir.resolve("config")).toString(),
                "HELM_DATA_HOME", Files.createDirectories(workDir.resolve("data")).toString(),
                "HELM_REGISTRY_CONFIG", workDir.resolve("registry.json").toString());
    }

    /** The helm executable: {@value #VARIABLE} if set, else {@value #CI_PATH} under HOME, if it is there. */
    public static Optional<Path> find() {
        String named = System.getenv(VARIABLE);
        Path candidate = named != null && !named.isBlank() ? Path.of(named)
                : Path.of(System.getProperty("user.home"), CI_PATH);
        return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** A helm working in {@code workDir}; skipped when helm is missing, or failed instead under {@code CI=true}. */
    public static Helm require(Path workDir) {
        Optional<Path> executable = find();
        if (executable.isEmpty()) {
            RequiredProgramExtension.unavailable("helm is neither at $" + VARIABLE + " nor at ~/" + CI_PATH
                    + ": .ci/run unpacks it there", System.getenv());
        }
        try {
            return new Helm(executable.orElseThrow(), workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare helm's directory " + workDir, e);
        }
    }

    /** The directory helm runs in: relative paths of its arguments resolve here. */
    public Path workDir() {
        return workDir;
    }

    /** Runs {@code helm <args>} in the work directory to completion (bounded); the caller judges the outcome. */
    public Processes.Outcome run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return Processes.run(builder, workDir.resolve("helm-" + runs.incrementAndGet() + ".log"), LIMIT);
    }
}
