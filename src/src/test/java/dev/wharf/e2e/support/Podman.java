package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContainersStore store;
    private final Path registriesConf;
    private final Set<String> insecureHosts = new LinkedHashSet<>();

    /** A podman whose image store, configuration, temp files and output logs live under {@code workDir}. */
    public Podman(Path workDir) {
        try {
            Path containersConf = Files.writeString(Files.createDirectories(workDir).resolve("containers.conf"), "");
            this.registriesConf = workDir.resolve("registries.conf");
            writeRegistriesConf();
            this.store = new ContainersStore(PROGRAM, Programs.require(PROGRAM, DEBIAN_PACKAGE), workDir,
                    Map.of("CONTAINERS_CONF", containersConf, "CONTAINERS_REGISTRIES_CONF", registriesConf));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare podman's directory " + workDir, e);
        }
    }

    /** {@code podman pull --tls-verify=false <reference>}, its registry marked insecure first; the caller judges the outcome. */
    public Processes.Outcome pull(String reference) {
        if (insecureHosts.add(reference.substring(0, reference.indexOf('/')))) {
            writeRegistriesConf();
        }
        return run("pull", "--tls-verify=false", "--signature-policy", store.policy().toString(), reference);
    }

    /**
     * {@code podman push --tls-verify=false [extraArgs] <reference>}, its registry marked insecure first; the caller
     * judges the outcome.
     */
    public Processes.Outcome push(String reference, String... extraArgs) {
        if (insecureHosts.add(reference.substring(0, reference.indexOf('/')))) {
            writeRegistriesConf();
        }
        List<String> args = new ArrayList<>(List.of("push", "--tls-verify=false", "--signature-policy", store.policy().toString()));
        if (Arrays.stream(extraArgs).noneMatch(arg -> arg.startsWith("--creds"))) {
            // The admin token, unless the test pushes with credentials of its own.
            args.addAll(List.of("--creds", "token:" + WharfProcess.ADMIN_TOKEN));
        }
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
        Path workDir = store.workDir();
        return store.run(List.of("--tmpdir", workDir.resolve("libpod").toString(),
                "--network-config-dir", workDir.resolve("networks").toString(),
                "--events-backend", "file",
                "--cgroup-manager", "cgroupfs"), args);
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
