package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs skopeo as a user would, isolated from the machine: an insecure signature policy, plain-HTTP
 * registries ({@code --*-tls-verify=false}), and a clean environment whose HOME, auth file and
 * registries.conf are private temporary files. Every run has a time limit.
 */
public final class Skopeo {
    /** The executable name. */
    public static final String PROGRAM = "skopeo";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "skopeo";
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path executable;
    private final Path workDir;
    private final Map<String, String> env;
    private final AtomicInteger runs = new AtomicInteger();

    /** A skopeo whose private home, auth file, temp files and output logs live under {@code workDir}. */
    public Skopeo(Path workDir) {
        this.executable = Programs.require(PROGRAM, DEBIAN_PACKAGE);
        try {
            this.workDir = Files.createDirectories(workDir);
            Path home = Files.createDirectories(workDir.resolve("home"));
            Path tmp = Files.createDirectories(workDir.resolve("tmp"));
            Path auth = Files.writeString(workDir.resolve("auth.json"), "{}");
            Path registries = Files.writeString(workDir.resolve("registries.conf"), "");
            this.env = Map.of(
                    "PATH", "/usr/local/bin:/usr/bin:/bin",
                    "HOME", home.toString(),
                    "TMPDIR", tmp.toString(),
                    "REGISTRY_AUTH_FILE", auth.toString(),
                    "CONTAINERS_REGISTRIES_CONF", registries.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare skopeo's directory " + workDir, e);
        }
    }

    /**
     * Pushes a layout's tagged root to {@code docker://<registryHostPort>/<repository>:<tag>}; an index
     * is pushed with all its images ({@code --all}).
     */
    public void push(OciLayout layout, String registryHostPort, String repository) {
        // The admin token: Wharf's pushes need one; the reference registry ignores credentials it did not ask for.
        List<String> args = new ArrayList<>(List.of("copy", "--dest-tls-verify=false", "--dest-creds",
                "token:" + WharfProcess.ADMIN_TOKEN));
        if (layout.isIndex()) {
            args.add("--all");
        }
        args.add("oci:" + layout.dir() + ":" + layout.tag());
        args.add("docker://" + registryHostPort + "/" + repository + ":" + layout.tag());
        run(args).requireSuccess();
    }

    /** {@code skopeo copy docker://<reference> dir:<destination>}, plus {@code extraArgs} (e.g. {@code --src-creds}). */
    public void copyToDir(String reference, Path destination, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("copy", "--src-tls-verify=false"));
        args.addAll(List.of(extraArgs));
        args.add("docker://" + reference);
        args.add("dir:" + destination);
        run(args).requireSuccess();
    }

    /** {@code skopeo inspect docker://<reference>}: the image's JSON description. */
    public JsonNode inspect(String reference, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("inspect", "--tls-verify=false"));
        args.addAll(List.of(extraArgs));
        args.add("docker://" + reference);
        String output = run(args).requireSuccess().output();
        try {
            // skopeo may print warnings before the JSON document.
            return JSON.readTree(output.substring(output.indexOf('{')));
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new AssertionError("skopeo inspect printed no JSON: " + output, e);
        }
    }

    /** Runs {@code skopeo --insecure-policy <args>} to completion (bounded); the caller judges the outcome. */
    public Processes.Outcome run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--insecure-policy"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return Processes.run(builder, workDir.resolve("skopeo-" + runs.incrementAndGet() + ".log"), LIMIT);
    }

    /** {@link #verifyDirCopy(Path, String)} for {@code image}'s manifest, and every blob of {@code image} is there. */
    public static void verifyDirCopy(Path dir, OciImage image) {
        verifyDirCopy(dir, image.manifest().digest());
        for (OciDescriptor blob : image.blobs()) {
            if (!Files.isRegularFile(dir.resolve(Sha256.hex(blob.digest())))) {
                throw new AssertionError("the copy in " + dir + " lacks blob " + blob.digest());
            }
        }
    }

    /**
     * Checks a {@code skopeo copy --all} to {@code dir:} of the whole layout: the checks of
     * {@link #verifyDirCopy(Path, String)} for the root, each platform's manifest of an index in
     * {@code <hex>.manifest.json} with its digest, and every config and layer blob present.
     */
    public static void verifyDirCopy(Path dir, OciLayout layout) {
        verifyDirCopy(dir, layout.root().digest());
        try {
            if (layout.isIndex()) {
                for (OciImage image : layout.images()) {
                    Path manifest = dir.resolve(Sha256.hex(image.manifest().digest()) + ".manifest.json");
                    if (!Files.isRegularFile(manifest)) {
                        throw new AssertionError("the copy in " + dir + " lacks the " + image.platform() + " manifest " + manifest.getFileName());
                    }
                    String actual = Sha256.ofFile(manifest);
                    if (!actual.equals(image.manifest().digest())) {
                        throw new AssertionError(manifest + " has digest " + actual + " (expected: " + image.manifest().digest() + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dir: copy " + dir, e);
        }
        for (OciDescriptor blob : layout.blobs()) {
            if (!Files.isRegularFile(dir.resolve(Sha256.hex(blob.digest())))) {
                throw new AssertionError("the copy in " + dir + " lacks blob " + blob.digest() + " (" + blob.mediaType() + ")");
            }
        }
    }

    /**
     * Checks a {@code dir:} copy the way a user would trust it: every blob file's sha256 equals its name
     * (skopeo names blobs by hex digest), and {@code manifest.json} has the expected digest.
     */
    public static void verifyDirCopy(Path dir, String expectedManifestDigest) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> blobs = files.filter(file -> file.getFileName().toString().matches("[0-9a-f]{64}")).toList();
            if (blobs.isEmpty()) {
                throw new AssertionError("no blob files in " + dir);
            }
            for (Path blob : blobs) {
                String actual = Sha256.ofFile(blob);
                if (!actual.equals(Sha256.PREFIX + blob.getFileName())) {
                    throw new AssertionError("blob " + blob + " has digest " + actual + " (expected: its name)");
                }
            }
            String manifest = Sha256.ofFile(dir.resolve("manifest.json"));
            if (!manifest.equals(expectedManifestDigest)) {
                throw new AssertionError("manifest.json in " + dir + " has digest " + manifest
                        + " (expected: " + expectedManifestDigest + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dir: copy " + dir, e);
        }
    }
}
