package dev.wharf.storage.coord;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance suite against the shared Redis ({@link TestRedis}), each test under its own key prefix. */
class RedisCoordinationTest extends CoordinationConformance {
    private static TestRedis redis;
    private final String prefix = TestRedis.randomPrefix();

    @BeforeAll
    static void connect() {
        redis = TestRedis.connect();
    }

    @AfterAll
    static void disconnect() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected Coordination createCoordination(LeaseHolder self) {
        return new RedisCoordination(RedisSettings.of(TestRedis.URL).withKeyPrefix(prefix), self);
    }

    @AfterEach
    void deleteKeys() {
        redis.deleteKeys(prefix);
    }

    @Test
    void keysLiveUnderThePrefixAndExpireWithTheirTtl() {
        Lease lease = result(coordination.tryAcquire(key("fill"), Duration.ofSeconds(30))).orElseThrow();
        result(coordination.cachePut(key("token"), "bearer abc", Duration.ofSeconds(30)));

        assertThat(redis.keys(prefix)).containsExactlyInAnyOrder(
                prefix + "lease:" + key("fill"), prefix + "cache:" + key("token"));
        assertThat(redis.commands().pttl(prefix + "lease:" + key("fill"))).isBetween(1L, 30_000L);
        assertThat(redis.commands().get(prefix + "lease:" + key("fill"))).endsWith(" " + self.replica() + " "
                + self.address());

        result(lease.release());
        assertThat(redis.keys(prefix)).containsExactly(prefix + "cache:" + key("token"));
    }

    @Test
    void isAvailableWhileRedisAnswers() {
        RedisCoordination redisCoordination = (RedisCoordination) coordination;

        assertThat(redisCoordination.available()).isTrue();
        assertThat(redisCoordination.outages()).isZero();
    }
}
