package dev.wharf.codec.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenVersionTest {
    @Test
    void ordersAsMavenDoes() {
        List<String> ordered = List.of("1.0-alpha-1", "1.0-alpha2", "1.0-beta-1", "1.0-M1", "1.0-rc-1", "1.0-SNAPSHOT",
                "1.0", "1.0-sp-1", "1.0.1", "1.1", "1.2", "1.10", "2.0-SNAPSHOT", "2.0");
        List<MavenVersion> shuffled = new ArrayList<>(ordered.stream().map(MavenVersion::of).toList());
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled.stream().map(MavenVersion::toString)).containsExactlyElementsOf(ordered);
    }

    @Test
    void equalVersionsWrittenDifferently() {
        assertThat(MavenVersion.of("1.0")).isEqualTo(MavenVersion.of("1"));
        assertThat(MavenVersion.of("1.0.0")).isEqualTo(MavenVersion.of("1-ga"));
        assertThat(MavenVersion.of("1.0-cr1")).isEqualTo(MavenVersion.of("1.0-rc1"));
        assertThat(MavenVersion.of("1.0-final").compareTo(MavenVersion.of("1.0.1"))).isNegative();
    }
}
