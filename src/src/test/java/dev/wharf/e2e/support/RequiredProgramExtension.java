package dev.wharf.e2e.support;

import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Enforces {@link RequiredProgram}: skip when a program is missing, fail instead when {@code CI=true}. */
public final class RequiredProgramExtension implements BeforeAllCallback, BeforeEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getTestClass().ifPresent(type -> check(type, System.getenv()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestMethod().ifPresent(method -> check(method, System.getenv()));
    }

    /** Checks every program {@code element} declares, against the PATH and the CI flag in {@code env}. */
    static void check(AnnotatedElement element, Map<String, String> env) {
        for (RequiredProgram required : AnnotationSupport.findRepeatableAnnotations(element, RequiredProgram.class)) {
            check(required.value(), required.debianPackage(), Programs.find(required.value()), env);
        }
    }

    /** Skips (an aborted assumption) or, under {@code CI=true}, fails when {@code found} is empty. */
    static void check(String program, String debianPackage, Optional<?> found, Map<String, String> env) {
        if (found.isPresent()) {
            return;
        }
        unavailable(program + " is not on the PATH: install the Debian package " + debianPackage
                + " (apt-get install -y " + debianPackage + ")", env);
    }

    /** Skips the test with {@code message} (an aborted assumption) or, under {@code CI=true}, fails with it. */
    static void unavailable(String message, Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
            throw new AssertionError(message + "; CI=true, so a missing requirement fails instead of skipping");
        }
        Assumptions.abort(message);
    }
}
