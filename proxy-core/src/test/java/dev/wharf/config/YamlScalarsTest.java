package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A string key receives an unquoted scalar exactly as written, even one YAML would read as a number or boolean. */
class YamlScalarsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"0123", "0x1F", "1.10", "1e3", "+1", "1_000", "yes", "Off", "12:30"})
    void passwordKeepsItsText(String written) {
        WharfConfig config = new ConfigFiles(dir).load("""
                repositories:
                  - key: hub
                    format: docker
                    type: remote
                    url: https://example.com
                    username: robot
                    password: %s
                """.formatted(written));

        assertThat(config.repository("hub").orElseThrow().password()).isEqualTo(written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123", "007"})
    void repositoryKeyOfDigitsKeepsItsLeadingZeros(String written) {
        WharfConfig config = new ConfigFiles(dir).load("repositories:\n  - { key: " + written + ", format: docker, type: local }\n");

        assertThat(config.repositories().get(0).key()).isEqualTo(written);
    }

    @Test
    void numberKeyReadsDecimalDigitsAsWritten() {
        assertThat(new ConfigFiles(dir).load("server: { port: 08080 }\n").server().port()).isEqualTo(8080);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "False, false", "yes, true", "NO, false", "on, true", "Off, false"})
    void booleanKeyReadsTheYamlBooleans(String written, boolean expected) {
        assertThat(new ConfigFiles(dir).load("auth: { anonymousRead: " + written + " }\n").auth().anonymousRead())
                .isEqualTo(expected);
    }
}
