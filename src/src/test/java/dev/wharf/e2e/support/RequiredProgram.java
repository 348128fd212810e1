package dev.wharf.e2e.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares that a test needs a real program on the PATH. When it is missing the test is skipped with a
 * message naming the Debian package that provides it, except when the environment has {@code CI=true},
 * where a missing program fails the test: CI must never pass by skipping.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequiredPrograms.class)
@ExtendWith(RequiredProgramExtension.class)
public @interface RequiredProgram {
    /** The executable's name, looked up on the PATH (e.g. {@code skopeo}). */
    String value();

    /** The Debian package that installs it (e.g. {@code docker-registry}). */
    String debianPackage();
}
