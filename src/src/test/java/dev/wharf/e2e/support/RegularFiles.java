package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists what a directory Wharf writes to holds, while Wharf may still be creating and deleting files in it. */
public final class RegularFiles {
    private static final int ATTEMPTS = 3;

    private RegularFiles() {
    }

    /** The regular files under {@code dir} at any depth, none when it does not exist; listed again when one vanishes meanwhile. */
    public static List<Path> under(Path dir) {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir)) {
                return List.of();
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                return walk.filter(Files::isRegularFile).toList();
            } catch (IOException | UncheckedIOException e) {
                if (attempt == ATTEMPTS) {
                    throw new AssertionError("cannot list " + dir, e);
                }
            }
        }
    }
}
