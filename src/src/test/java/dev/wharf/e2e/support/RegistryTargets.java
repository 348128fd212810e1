package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RegistryTarget} for a whole test class (register as a {@code static} {@code @RegisterExtension}
 * field): started before the class's first test in a directory of its own, named after the class, shared with
 * its {@code @Nested} classes, then stopped after its last test and its directory removed.
 */
public final class RegistryTargets implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<WharfProcess.Builder> customize;
    private Class<?> owner;
    private Path dir;
    private RegistryTarget target;

    /** A target with Wharf's defaults. */
    public RegistryTargets() {
        this(UnaryOperator.identity());
    }

    /** A target whose Wharf builder {@code customize} adds to (JVM options, repositories). */
    public RegistryTargets(UnaryOperator<WharfProcess.Builder> customize) {
        this.customize = customize;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // @Nested classes inherit the extension: they share the target their enclosing class started.
        if (target != null) {
            return;
        }
        owner = context.getRequiredTestClass();
        String name = owner.getSimpleName();
        dir = Files.createTempDirectory("wharf-e2e-" + name);
        target = RegistryTarget.start(dir, name, customize);
    }

    /** The running target. */
    public RegistryTarget target() {
        if (target == null) {
            throw new IllegalStateException("no target runs: register this extension on a static field");
        }
        return target;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() != owner) {
            return;
        }
        try {
            if (target != null) {
                target.close();
            }
        } finally {
            target = null;
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
