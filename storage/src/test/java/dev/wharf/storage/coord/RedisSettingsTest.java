package dev.wharf.storage.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
    @Test
    void defaults() {
        RedisSettings settings = RedisSettings.of("redis://redis.internal:6379");

        assertThat(settings.keyPrefix()).isEqualTo("wharf:");
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.recheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.withKeyPrefix("staging:").keyPrefix()).isEqualTo("staging:");
    }

    @Test
    void neverPrintsThePassword() {
        RedisSettings settings = RedisSettings.of("rediss://:s3cret@redis.internal:6380");

        assertThat(settings.toString()).contains("rediss://***@redis.internal:6380").doesNotContain("s3cret");
        assertThatThrownBy(() -> RedisSettings.of("http://:s3cret@redis.internal"))
                .hasMessageStartingWith("url: \"http://***@redis.internal\" (expected: redis://");
    }

    @Test
    void rejectsTimesThatAreNotPositive() {
        RedisSettings defaults = RedisSettings.of("redis://127.0.0.1");

        assertThatThrownBy(() -> new RedisSettings(defaults.url(), "", Duration.ZERO, defaults.connectTimeout(),
                defaults.probeInterval(), defaults.recheckInterval()))
                .hasMessage("commandTimeout: PT0S (expected: > 0)");
    }
}
