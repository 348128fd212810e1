package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing program skips a test locally and fails it on CI; a present one lets it run. */
class RequiredProgramExtensionTest {
    @RequiredProgram(value = "wharf-e2e-no-such-program", debianPackage = "no-such-package")
    @RequiredProgram(value = "sh", debianPackage = "dash")
    private static final class NeedsAMissingProgram {
    }

    @RequiredProgram(value = "sh", debianPackage = "dash")
    private static final class NeedsAShell {
    }

    @Test
    void skipsNamingTheDebianPackageOutsideCi() {
        assertThatThrownBy(() -> RequiredProgramExtension.check(NeedsAMissingProgram.class, Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("install the Debian package no-such-package");
    }

    @Test
    void failsUnderCi() {
        assertThatThrownBy(() -> RequiredProgramExtension.check(NeedsAMissingProgram.class, Map.of("CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("install the Debian package no-such-package");
    }

    @Test
    void letsTheTestRunWhenTheProgramIsThere() {
        assertThatCode(() -> RequiredProgramExtension.check(NeedsAShell.class, Map.of("CI", "true"))).doesNotThrowAnyException();
    }
}
