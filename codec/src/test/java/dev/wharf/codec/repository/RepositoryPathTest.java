package dev.wharf.codec.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryPathTest {
    @Test
    void splitsKeyAndDecodedSegments() {
        RepositoryPath p = RepositoryPath.parse("/repository/files/releases/v1.2/tool%20x.tar.gz");
        assertThat(p.key()).isEqualTo("files");
        assertThat(p.segments()).containsExactly("releases", "v1.2", "tool x.tar.gz");
        assertThat(p.path()).isEqualTo("releases/v1.2/tool x.tar.gz");
        assertThat(p.fileName()).isEqualTo("tool x.tar.gz");
        assertThat(p.directory()).isFalse();
        assertThat(p.raw()).isEqualTo("releases/v1.2/tool%20x.tar.gz");
    }

    @Test
    void aTrailingSlashAsksForADirectory() {
        RepositoryPath p = RepositoryPath.parse("/repository/files/a/b/");
        assertThat(p.directory()).isTrue();
        assertThat(p.segments()).containsExactly("a", "b");
        assertThat(p.path()).isEqualTo("a/b/");
        assertThat(RepositoryPath.parse("/repository/files/").segments()).isEmpty();
        assertThat(RepositoryPath.parse("/repository/files").directory()).isTrue();
    }

    @Test
    void utf8IsDecoded() {
        assertThat(RepositoryPath.parse("/repository/f/caf%C3%A9").segments()).isEqualTo(List.of("caf\u00e9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/repository/f/../etc/passwd", "/repository/f/a/./b", "/repository/f/%2e%2e/x", "/repository/f/a%2fb",
        "/repository/f/a%5cb", "/repository/f/a//b", "/repository/f/%00", "/repository/f/a%0d%0ab", "/repository/f/%7f",
        "/repository/f/%zz", "/repository/f/%4", "/repository/f/%c3%28", "/repository//x", "/repository/"})
    void refusesWhatCouldLeaveTheRepository(String path) {
        assertThatThrownBy(() -> RepositoryPath.parse(path)).isInstanceOf(RepositoryPathException.class);
    }

    @Test
    void refusesOverlongPaths() {
        assertThatThrownBy(() -> RepositoryPath.parse("/repository/f/" + "a".repeat(RepositoryPath.MAX_LENGTH + 1)))
                .isInstanceOf(RepositoryPathException.class).hasMessageContaining("longer than");
    }
}
