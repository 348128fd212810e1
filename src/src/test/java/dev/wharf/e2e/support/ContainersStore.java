package dev.wharf.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a containers/image tool (podman, buildah) runs on in a test: a vfs image store of its own under a
 * directory, its storage.conf, a signature policy accepting anything, and a clean environment; runs are bounded
 * and each logs to a file of its own there.
 */
final class ContainersStore {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private final String tool;
    private final Path executable;
    private final Path workDir;
    private final Path policy;
    private final Map<String, String> env;
    private final AtomicInteger runs = new AtomicInteger();

    /**
     * @param configs further environment variables naming configuration files (CONTAINERS_REGISTRIES_CONF, ...),
     *                which the caller writes
     */
    ContainersStore(String tool, Path executable, Path workDir, Map<String, Path> configs) throws IOException {
        this.tool = tool;
        this.executable = executable;
        this.workDir = Files.createDirectories(workDir);
        Path storageConf = Files.writeString(workDir.resolve("storage.conf"), String.join("\n",
                "[storage]",
                "driver = \"vfs\"",
                "graphroot = \"" + workDir.resolve("root") + "\"",
                "runroot = \"" + workDir.resolve("run") + "\"",
                ""));
        this.policy = Files.writeString(workDir.resolve("policy.json"),
                "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n");
        Map<String, String> variables = new HashMap<>(Map.of(
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME", Files.createDirectories(workDir.resolve("home")).toString(),
                "TMPDIR", Files.createDirectories(workDir.resolve("tmp")).toString(),
                "XDG_CONFIG_HOME", Files.createDirectories(workDir.resolve("config")).toString(),
                "CONTAINERS_STORAGE_CONF", storageConf.toString()));
        configs.forEach((name, file) -> variables.put(name, file.toString()));
        this.env = Map.copyOf(variables);
    }

    Path workDir() {
        return workDir;
    }

    /** The signature policy, for {@code --signature-policy}. */
    Path policy() {
        return policy;
    }

    /** Runs {@code <tool> --root --runroot --storage-driver vfs <options> <args>} to completion (bounded). */
    Processes.Outcome run(List<String> options, String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--root", workDir.resolve("root").toString(),
                "--runroot", workDir.resolve("run").toString(),
                "--storage-driver", "vfs"));
        command.addAll(options);
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return Processes.run(builder, workDir.resolve(tool + "-" + runs.incrementAndGet() + ".log"), LIMIT);
    }
}
