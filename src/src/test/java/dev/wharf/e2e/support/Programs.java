package dev.wharf.e2e.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables on the PATH, the way a shell would. */
public final class Programs {
    private Programs() {
    }

    /** The first executable named {@code name} on the PATH. */
    public static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The executable named {@code name}, or a failure naming the Debian package to install. */
    public static Path require(String name, String debianPackage) {
        return find(name).orElseThrow(() -> new AssertionError(
                name + " is not on the PATH: install the Debian package " + debianPackage));
    }
}
