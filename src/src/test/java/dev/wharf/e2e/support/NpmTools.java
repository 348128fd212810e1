package dev.wharf.e2e.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The npm clients the npm suites drive: {@code npm} from Debian, and {@code pnpm}, {@code yarn} and
 * {@code verdaccio}, which {@code .ci/run} installs from the npm registry into {@value #TOOLS_DIR} under the home
 * directory. Each run gets private cache directories, so nothing comes from a cache the test did not fill.
 */
public final class NpmTools {
    /** Where {@code .ci/run} installs the npm-installed tools ({@code npm install -g --prefix}). */
    public static final String TOOLS_DIR = ".cache/wharf-ci/npm-tools";
    private static final Duration LIMIT = Duration.ofSeconds(180);

    private final Path dir;
    private final Map<String, Path> programs;

    private NpmTools(Path dir, Map<String, Path> programs) {
        this.dir = dir;
        this.programs = programs;
    }

    /** Finds the tools; skips the test when one is missing, or fails it under {@code CI=true}. */
    public static NpmTools require(Path dir) {
        Map<String, Path> found = new java.util.LinkedHashMap<>();
        for (String name : List.of("npm", "pnpm", "yarn", "verdaccio")) {
            Optional<Path> program = find(name);
            if (program.isEmpty()) {
                RequiredProgramExtension.unavailable(name + " is not in ~/" + TOOLS_DIR + "/bin nor on the PATH: run .ci/run, "
                        + "or npm install -g --prefix ~/" + TOOLS_DIR + " pnpm@9 yarn@1 verdaccio@6", System.getenv());
            }
            found.put(name, program.get());
        }
        try {
            return new NpmTools(Files.createDirectories(dir), Map.copyOf(found));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tool's executable, from the tools directory first, then the PATH. */
    static Optional<Path> find(String name) {
        Path installed = Path.of(System.getProperty("user.home"), TOOLS_DIR, "bin", name);
        if (Files.isExecutable(installed)) {
            return Optional.of(installed);
        }
        return Programs.find(name);
    }

    /** The executable of {@code name}. */
    public Path program(String name) {
        return programs.get(name);
    }

    /**
     * Runs {@code tool args...} in {@code workDir} with a private HOME (so only the test's {@code .npmrc} counts)
     * and the tools on the PATH; output goes to a log next to the work directory.
     */
    public Processes.Outcome run(Path workDir, String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program(tool).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Path home = dir.resolve("home");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", program(tool).getParent() + File.pathSeparator + program("npm").getParent()
                + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().keySet().removeIf(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("npm_config_")
                || name.toLowerCase(java.util.Locale.ROOT).startsWith("yarn_"));
        Path log = dir.resolve(tool + "-" + System.nanoTime() + ".log");
        return Processes.run(builder, log, LIMIT);
    }
}
