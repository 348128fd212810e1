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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs buildah (Debian package {@code buildah}) as a user would, on an image store of its own: vfs storage,
 * root and run root under a test directory, private registries.conf, storage.conf and signature policy, in a
 * clean environment. Every run has a time limit.
 */
public final class Buildah {
    /** The executable name. */
    public static final String PROGRAM = "buildah";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "buildah";
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private final Path executable;
    private final Path workDir;
    private final Path policy;
    private final Map<String, String> env;
    private final AtomicInteger runs = new AtomicInteger();

    /** A buildah whose image store, configuration, temp files and output logs live under {@code workDir}. */
    public Buildah(Path workDir) {
        this.executable = Programs.require(PROGRAM, DEBIAN_PACKAGE);
        try {
            this.workDir = Files.createDirectories(workDir);
            Path storageConf = Files.writeString(workDir.resolve("storage.conf"), String.join("\n",
                    "[storage]",
                    "driver = \"vfs\"",
                    "graphroot = \"" + workDir.resolve("root") + "\"",
                    "runroot = \"" + workDir.resolve("run") + "\"",
                    ""));
            Path registriesConf = Files.writeString(workDir.resolve("registries.conf"), "unqualified-search-registries = []\n");
            this.policy = Files.writeString(workDir.resolve("policy.json"),
                    "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n");
            this.env = Map.of(
                    "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "HOME", Files.createDirectories(workDir.resolve("home")).toString(),
                    "TMPDIR", Files.createDirectories(workDir.resolve("tmp")).toString(),
                    "XDG_CONFIG_HOME", Files.createDirectories(workDir.resolve("config")).toString(),
                    "CONTAINERS_STORAGE_CONF", storageConf.toString(),
                    "CONTAINERS_REGISTRIES_CONF", registriesConf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare buildah's directory " + workDir, e);
        }
    }

    /**
     * Builds an image {@code name} from scratch holding {@code file} at {@code /<file name>}
     * ({@code buildah from scratch}, {@code copy}, {@code commit}); returns the image's config digest.
     */
    public String buildFromScratch(Path file, String name) {
        String container = lastLine(run("from", "scratch").requireSuccess().output());
        run("copy", container, file.toString(), "/" + file.getFileName()).requireSuccess();
        run("commit", container, name).requireSuccess();
        run("rm", container).requireSuccess();
        return Sha256.PREFIX + lastLine(run("images", "--noheading", "--no-trunc", "--format", "{{.ID}}", name)
                .requireSuccess().output()).replace(Sha256.PREFIX, "");
    }

    /**
     * {@code buildah push --tls-verify=false --digestfile <file> <image> docker://<destination>}; returns the
     * digest of the manifest it pushed.
     */
    public String push(String image, String destination) {
        Path digestFile = workDir.resolve("digest-" + runs.incrementAndGet());
        run("push", "--tls-verify=false", "--signature-policy", policy.toString(), "--digestfile", digestFile.toString(),
                image, "docker://" + destination).requireSuccess();
        try {
            return Files.readString(digestFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("buildah push wrote no digest file " + digestFile, e);
        }
    }

    /** Runs {@code buildah <global options> <args>} to completion (bounded); the caller judges the outcome. */
    public Processes.Outcome run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--root", workDir.resolve("root").toString(),
                "--runroot", workDir.resolve("run").toString(),
                "--storage-driver", "vfs"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return Processes.run(builder, workDir.resolve("buildah-" + runs.incrementAndGet() + ".log"), LIMIT);
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
