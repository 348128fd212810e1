package dev.wharf.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RepositoryKeyTest {

    static Stream<String> valid() {
        return Stream.of("a", "0", "dockerhub", "docker-hub", "my.repo_2", "a..", "a-", "x".repeat(64));
    }

    static Stream<String> invalid() {
        return Stream.of("", ".", "..", "-a", ".a", "_a", "Docker", "a/b", "a b", "a\n", "a%2e", "caf\u00e9",
                "\u0430", "a:b", "a\\b", "x".repeat(65));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void acceptsKeys(String key) {
        assertThat(RepositoryKey.isValid(key)).isTrue();
        assertThat(new RepositoryKey(key)).hasToString(key);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsOthers(String key) {
        assertThat(RepositoryKey.isValid(key)).isFalse();
        assertThatThrownBy(() -> new RepositoryKey(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("(expected: [a-z0-9][a-z0-9._-]{0,63})");
    }

    @Test
    void rejectsNull() {
        assertThat(RepositoryKey.isValid(null)).isFalse();
        assertThatThrownBy(() -> new RepositoryKey(null)).isInstanceOf(NullPointerException.class);
    }
}
