package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${NAME}} in the file's strings comes from the environment, so secrets stay out of the file. */
class EnvSubstitutionTest {
    private static final String HUB_WITH_PASSWORD = """
            repositories:
              - key: dockerhub
                format: docker
                type: remote
                url: https://example.com
                username: builder
                password: ${DOCKERHUB_TOKEN}
            """;

    @TempDir
    Path dir;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    @Test
    void secretComesFromTheEnvironment() {
        WharfConfig config = files.load(HUB_WITH_PASSWORD, Map.of("DOCKERHUB_TOKEN", "dckr_pat_123"));

        assertThat(config.repository("dockerhub").orElseThrow().password()).isEqualTo("dckr_pat_123");
    }

    @Test
    void missingVariableIsNamed() {
        assertThat(files.error(HUB_WITH_PASSWORD, Map.of()))
                .isEqualTo("repositories[0].password: environment variable DOCKERHUB_TOKEN is not set");
    }

    @Test
    void emptyVariableSubstitutesEmptyText() {
        WharfConfig config = files.load(HUB_WITH_PASSWORD, Map.of("DOCKERHUB_TOKEN", ""));

        assertThat(config.repository("dockerhub").orElseThrow().password()).isEmpty();
    }

    @Test
    void severalReferencesInsideText() {
        WharfConfig config = files.load("""
                storage:
                  metadata: { type: postgres, url: "jdbc:postgresql://${DB_HOST}:${DB_PORT}/wharf" }
                """, Map.of("DB_HOST", "127.0.0.1", "DB_PORT", "5432"));

        assertThat(config.storage().metadata().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/wharf");
    }

    @Test
    void dollarDollarBraceEscapes() {
        WharfConfig config = files.load(HUB_WITH_PASSWORD.replace("${DOCKERHUB_TOKEN}", "\"a$${NOT_A_VAR}b$c\""), Map.of());

        assertThat(config.repository("dockerhub").orElseThrow().password()).isEqualTo("a${NOT_A_VAR}b$c");
    }

    @Test
    void substitutedValuesAreTypeCheckedLikeWrittenOnes() {
        assertThat(files.load("server: { port: \"${PORT}\" }\n", Map.of("PORT", "9090")).server().port()).isEqualTo(9090);
        assertThat(files.error("server: { port: \"${PORT}\" }\n", Map.of("PORT", "ninety")))
                .isEqualTo("server.port: \"ninety\" is not an integer");
    }

    @Test
    void listItemsAreSubstitutedWithTheirIndexInErrors() {
        String yaml = """
                repositories:
                  - { key: images, format: docker, type: local }
                  - { key: docker, format: docker, type: virtual, members: [images, "${EXTRA}"] }
                """;

        assertThat(files.error(yaml, Map.of()))
                .isEqualTo("repositories[1].members[1]: environment variable EXTRA is not set");
    }

    @Test
    void malformedReferenceIsAnErrorThatDoesNotEchoTheValue() {
        assertThat(files.error(HUB_WITH_PASSWORD.replace("${DOCKERHUB_TOKEN}", "\"hunter2${oops\""), Map.of()))
                .isEqualTo("repositories[0].password: malformed reference at character 8"
                        + " (expected ${NAME}, NAME made of letters, digits and _; write $${ for a literal ${)");
        assertThat(files.error(HUB_WITH_PASSWORD.replace("${DOCKERHUB_TOKEN}", "\"${A-B}\""), Map.of()))
                .startsWith("repositories[0].password: malformed reference at character 1");
    }
}
