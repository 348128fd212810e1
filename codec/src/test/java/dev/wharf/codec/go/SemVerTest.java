package dev.wharf.codec.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {
    @Test
    void ordersAsTheGoCommandDoes() {
        List<String> shuffled = List.of("v1.10.0", "v1.2.0", "v1.2.0-rc.1", "v0.0.0-20240101000000-abcdefabcdef",
                "v1.2.0-beta.11", "v1.2.0-beta.2", "v1.2.0-beta", "v2.0.0+incompatible", "v1.2.1", "v1.2.0-alpha.beta");
        List<String> sorted = shuffled.stream().map(SemVer::parse).sorted().map(SemVer::toString).collect(Collectors.toList());
        assertThat(sorted).containsExactly("v0.0.0-20240101000000-abcdefabcdef", "v1.2.0-alpha.beta", "v1.2.0-beta",
                "v1.2.0-beta.2", "v1.2.0-beta.11", "v1.2.0-rc.1", "v1.2.0", "v1.2.1", "v1.10.0", "v2.0.0+incompatible");
    }

    @Test
    void roundTrips() {
        Stream.of("v0.1.0", "v1.2.3-pre.0.20240101-abc", "v3.0.0+incompatible")
                .forEach(text -> assertThat(SemVer.parse(text).toString()).isEqualTo(text));
        assertThat(SemVer.parse("v1.2.3-rc.1").isPrerelease()).isTrue();
        assertThat(SemVer.parse("v1.2.3").isPrerelease()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "v1.2", "v1", "v01.2.3", "v1.2.3+build", "v1.2.3-", "v1.2.3-01", "v1.2.3-a..b", "v1.2.x", "latest", ""})
    void refusesWhatIsNotCanonical(String text) {
        assertThatThrownBy(() -> SemVer.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SemVer.isValid(text)).isFalse();
    }
}
