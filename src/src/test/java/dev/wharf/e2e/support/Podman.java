package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs podman (Debian package {@code podman}) as a user would, on an image store of its own: vfs storage,
 * root, run root and libpod tmp dir under a test directory, and private registries.conf, containers.conf,
 * storage.conf and signature policy, in a clean environment. Every registry it pulls from is marked
 * insecure in its registries.conf and pulled with {@code --tls-verify=false}. Every run has a time limit.
 */
public final class Podman {
    /** The executable name. */
    public static final String PROGRAM = "podman";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "podman";
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path executable;
    private final Path workDir;
    private final Path registriesConf;
    private final Path policy;
    private final Map<String, String> env;
    private final Set<String> insecureHosts = new LinkedHashSet<>();
    private final AtomicInteger runs = new AtomicInteger();

    /** A podman whose image store, configuration, temp files and output logs live under {@code workDir}. */
    public Podman(Path workDir) {
        this.executable = Programs.require(PROGRAM, DEBIAN_PACKAGE);
        try {
            this.workDir = Files.createDirectories(workDir);
            Path storageConf = Files.writeString(workDir.resolve("storage.conf"), String.join("\n",
                    "[storage]",
                    "driver = \"vfs\"",
                    "graphroot = \"" + workDir.resolve("root") + "\"",
                    "runroot = \"" + workDir.resolve("run") + "\"",
                    ""));
            Path containersConf = Files.writeString(workDir.resolve("containers.conf"), "");
            this.registriesConf = workDir.resolve("registries.conf");
            this.policy = Files.writeString(workDir.resolve("policy.json"),
                    "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n");
            this.env = Map.of(
                    "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "HOME", Files.createDirectories(workDir.resolve("home")).toString(),
                    "TMPDIR", Files.createDirectories(workDir.resolve("tmp")).toString(),
                    "XDG_CONFIG_HOME", Files.createDirectories(workDir.resolve("config")).toString(),
                    "CONTAINERS_CONF", containersConf.toString(),
                    "CONTAINERS_STORAGE_CONF", storageConf.toString(),
                    "CONTAINERS_REGISTRIES_CONF", registriesConf.toString());
            writeRegistriesConf();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare podman's directory " + workDir, e);
        }
    }

    /** {@code podman pull --tls-verify=false <reference>}, its registry marked insecure first; the caller judges the outcome. */
    public Processes.Outcome pull(String reference) {
        if (insecureHosts.add(reference.substring(0, reference.indexOf('/')))) {
            writeRegistriesConf();
        }
        return run("pull", "--tls-verify=false", "--signature-policy", policy.toString(), reference);
    }

    /**
     * {@code podman push --tls-verify=false [extraArgs] <reference>}, its registry marked insecure first; the caller
     * judges the outcome.
     */
    public Processes.Outcome push(String reference, String... extraArgs) {
        if (insecureHosts.add(reference.substring(0, reference.indexOf('/')))) {
            writeRegistriesConf();
        }
        List<String> args = new ArrayList<>(List.of("push", "--tls-verify=false", "--signature-policy", policy.toString()));
        args.addAll(Arrays.asList(extraArgs));
        args.add(reference);
        return run(args.toArray(String[]::new));
    }

    /** {@code podman image inspect <reference>}: the image's JSON description (Id, Digest, RepoDigests, RootFS, ...). */
    public JsonNode inspect(String reference) {
        String output = run("image", "inspect", reference).requireSuccess().output();
        try {
            JsonNode images = JSON.readTree(output.substring(output.indexOf('[')));
            if (images.size() != 1) {
                throw new AssertionError("podman image inspect " + reference + " described " + images.size() + " images: " + output);
            }
            return images.get(0);
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new AssertionError("podman image inspect printed no JSON: " + output, e);
        }
    }

    /** Runs {@code podman <global options> <args>} to completion (bounded); the caller judges the outcome. */
    public Processes.Outcome run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--root", workDir.resolve("root").toString(),
                "--runroot", workDir.resolve("run").toString(),
                "--tmpdir", workDir.resolve("libpod").toString(),
                "--network-config-dir", workDir.resolve("networks").toString(),
                "--storage-driver", "vfs",
                "--events-backend", "file",
                "--cgroup-manager", "cgroupfs"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return Processes.run(builder, workDir.resolve("podman-" + runs.incrementAndGet() + ".log"), LIMIT);
    }

    private void writeRegistriesConf() {
        String registries = insecureHosts.stream()
                .map(host -> "[[registry]]\nlocation = \"" + host + "\"\ninsecure = true\n")
                .collect(Collectors.joining());
        try {
            Files.writeString(registriesConf, "unqualified-search-registries = []\n" + registries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + registriesConf, e);
        }
    }
}
