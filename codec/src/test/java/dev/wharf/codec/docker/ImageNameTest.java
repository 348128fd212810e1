package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageNameTest {

    static Stream<String> valid() {
        return Stream.of("ubuntu", "library/ubuntu", "a", "0", "a.b", "a_b", "a__b", "a-b", "a---b", "a.b-c__d_e",
                "dockerhub/library/ubuntu", "manifests/blobs/tags/list", "x/y/z/w/v", "a".repeat(255),
                "a/".repeat(127) + "a");
    }

    static Stream<String> invalid() {
        return Stream.of("", "Ubuntu", "library/Ubuntu", "a_", "_a", "-a", "a-", ".a", "a.", "a..b", "a___b", "a._b",
                "a-.b", "a_-b", "a//b", "/a", "a/", "/", ".", "..", "a/../b", "a/./b", "a b", "a\tb", "a\nb",
                "caf\u00e9", "\u0430pple", "a%2fb", "a\\b", "a:b", "a@b", "a+b", "_catalog", "a".repeat(256),
                "a/".repeat(127) + "ab");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void acceptsTheDistributionGrammar(String name) {
        assertThat(ImageName.isValid(name)).isTrue();
        assertThat(new ImageName(name)).hasToString(name);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsEverythingElse(String name) {
        assertThat(ImageName.isValid(name)).isFalse();
        assertThatThrownBy(() -> new ImageName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("image name: ")
                .hasMessageContaining("expected: ");
    }

    @Test
    void rejectsNull() {
        assertThat(ImageName.isValid(null)).isFalse();
        assertThatThrownBy(() -> new ImageName(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void splitsIntoComponents() {
        ImageName name = new ImageName("dockerhub/library/ubuntu");

        assertThat(name.components()).containsExactly("dockerhub", "library", "ubuntu");
        assertThat(name.first()).isEqualTo("dockerhub");
        assertThat(name.withoutFirst()).isEqualTo(new ImageName("library/ubuntu"));
        assertThat(name.withoutFirst().withoutFirst()).isEqualTo(new ImageName("ubuntu"));
        assertThat(name.isSingleComponent()).isFalse();
    }

    @Test
    void aSingleComponentHasNothingToDrop() {
        ImageName name = new ImageName("ubuntu");

        assertThat(name.components()).containsExactly("ubuntu");
        assertThat(name.first()).isEqualTo("ubuntu");
        assertThat(name.isSingleComponent()).isTrue();
        assertThatThrownBy(name::withoutFirst)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected: at least two components");
    }

    @Test
    void prefixesSingleComponentsWithLibrary() {
        assertThat(new ImageName("ubuntu").withLibraryPrefix()).isEqualTo(new ImageName("library/ubuntu"));
        assertThat(new ImageName("library/ubuntu").withLibraryPrefix()).isEqualTo(new ImageName("library/ubuntu"));
        assertThat(new ImageName("bitnami/redis").withLibraryPrefix()).isEqualTo(new ImageName("bitnami/redis"));
    }

    @Test
    void refusesAPrefixThatWouldExceedTheLimit() {
        assertThat(new ImageName("a".repeat(247)).withLibraryPrefix().value()).hasSize(255);
        assertThatThrownBy(() -> new ImageName("a".repeat(248)).withLibraryPrefix())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
