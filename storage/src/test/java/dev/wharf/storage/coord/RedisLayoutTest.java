package dev.wharf.storage.coord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisLayoutTest {
    private final RedisLayout layout = new RedisLayout("wharf:");

    @Test
    void everyKeyAndTheChannelStartWithThePrefix() {
        assertThat(layout.lease("fill:sha256:ab")).isEqualTo("wharf:lease:fill:sha256:ab");
        assertThat(layout.cache("token")).isEqualTo("wharf:cache:token");
        assertThat(layout.releaseChannel()).isEqualTo("wharf:released");
    }

    @Test
    void aLeaseValueNamesItsHolder() {
        LeaseHolder holder = new LeaseHolder("replica-a", "http://10.0.0.5:8081");

        String value = RedisLayout.leaseValue("3f1c", holder);

        assertThat(value).isEqualTo("3f1c replica-a http://10.0.0.5:8081");
        assertThat(RedisLayout.holderOf(value)).contains(holder);
    }

    @Test
    void aValueItDidNotWriteNamesNoHolder() {
        assertThat(RedisLayout.holderOf(null)).isEmpty();
        assertThat(RedisLayout.holderOf("1")).isEmpty();
        assertThat(RedisLayout.holderOf("token replica")).isEmpty();
        assertThat(RedisLayout.holderOf("token replica  address")).isEmpty();
    }

    @Test
    void pxRoundsUpToWholeMilliseconds() {
        assertThat(RedisLayout.pxMillis(Duration.ofMillis(300))).isEqualTo(300);
        assertThat(RedisLayout.pxMillis(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(RedisLayout.pxMillis(Duration.ofMillis(300).plusNanos(1))).isEqualTo(301);
    }
}
