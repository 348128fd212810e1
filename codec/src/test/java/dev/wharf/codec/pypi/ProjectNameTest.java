package dev.wharf.codec.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProjectNameTest {
    @Test
    void normalisesAsPep503Says() {
        assertThat(ProjectName.normalize("Friendly-Bard")).isEqualTo("friendly-bard");
        assertThat(ProjectName.normalize("FRIENDLY__BARD")).isEqualTo("friendly-bard");
        assertThat(ProjectName.normalize("friendly.-_bard")).isEqualTo("friendly-bard");
        assertThat(ProjectName.normalize("a")).isEqualTo("a");
    }

    @Test
    void refusesWhatPep508DoesNotAllow() {
        assertThat(ProjectName.isValid("-leading")).isFalse();
        assertThat(ProjectName.isValid("trailing.")).isFalse();
        assertThat(ProjectName.isValid("sp ace")).isFalse();
        assertThat(ProjectName.isValid("../etc")).isFalse();
        assertThat(ProjectName.isValid("x".repeat(ProjectName.MAX_LENGTH + 1))).isFalse();
        assertThatThrownBy(() -> ProjectName.normalize("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/b'");
    }
}
