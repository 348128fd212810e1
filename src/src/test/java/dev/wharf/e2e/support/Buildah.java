package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final ContainersStore store;
    private final AtomicInteger pushes = new AtomicInteger();

    /** A buildah whose image store, configuration, temp files and output logs live under {@code workDir}. */
    public Buildah(Path workDir) {
        try {
            Path registriesConf = Files.writeString(Files.createDirectories(workDir).resolve("registries.conf"),
                    "unqualified-search-registries = []\n");
            this.store = new ContainersStore(PROGRAM, Programs.require(PROGRAM, DEBIAN_PACKAGE), workDir,
                    Map.of("CONTAINERS_REGISTRIES_CONF", registriesConf));
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
        Path digestFile = store.workDir().resolve("digest-" + pushes.incrementAndGet());
        run("push", "--tls-verify=false", "--signature-policy", store.policy().toString(), "--digestfile", digestFile.toString(),
                "--creds", "token:" + WharfProcess.ADMIN_TOKEN, image, "docker://" + destination).requireSuccess();
        try {
            return Files.readString(digestFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("buildah push wrote no digest file " + digestFile, e);
        }
    }

    /** Runs {@code buildah <global options> <args>} to completion (bounded); the caller judges the outcome. */
    public Processes.Outcome run(String... args) {
        return store.run(List.of(), args);
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
