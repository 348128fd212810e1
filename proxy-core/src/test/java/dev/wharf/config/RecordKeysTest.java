package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys of the configuration are the components of its records, with their defaults. */
class RecordKeysTest {
    record WithoutDefault(int count) {
    }

    @Test
    void componentsAreKeysWithTheirDefaults() {
        List<RecordKeys.Key> keys = RecordKeys.of(ServerConfig.class);

        assertThat(keys).extracting(RecordKeys.Key::name)
                .containsExactly("bindAddress", "port", "tls", "limits", "idleTimeout", "shutdownGrace");
        assertThat(keys).extracting(RecordKeys.Key::defaultText)
                .containsExactly("0.0.0.0", "8080", null, null, "60s", "30s");
        assertThat(keys.get(2).optional()).isTrue();
        assertThat(keys.get(2).isSection()).isTrue();
        assertThat(keys.get(3).optional()).isFalse();
    }

    @Test
    void listOfRecordsIsAListOfSections() {
        RecordKeys.Key repositories = TreeShaper.find(RecordKeys.of(WharfConfig.class), "repositories").orElseThrow();

        assertThat(repositories.isSectionList()).isTrue();
        assertThat(repositories.sectionType()).isEqualTo(RepositoryConfig.class);
        RecordKeys.Key members = TreeShaper.find(RecordKeys.of(RepositoryConfig.class), "members").orElseThrow();
        assertThat(members.isList()).isTrue();
        assertThat(members.isSectionList()).isFalse();
    }

    @Test
    void primitiveWithoutDefaultIsAProgrammingError() {
        assertThatThrownBy(() -> RecordKeys.of(WithoutDefault.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WithoutDefault.count is primitive and needs a @Default");
    }
}
