package dev.wharf.storage.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis that tests share: {@code WHARF_TEST_REDIS_URL} if set, else {@code redis://127.0.0.1:6379}. Tests
 * keep apart from each other, and from anything else on it, by a random key prefix each. When it is
 * unreachable, tests needing it are skipped, unless {@code CI=true}: there they fail, so that a CI run never
 * passes by testing nothing. An instance is a plain blocking connection, for a test to look behind the code
 * under test.
 */
public final class TestRedis implements AutoCloseable {
    /** The url of the shared Redis. */
    public static final String URL = Optional.ofNullable(System.getenv("WHARF_TEST_REDIS_URL"))
            .filter(url -> !url.isBlank()).orElse("redis://127.0.0.1:6379");

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private TestRedis(String url) {
        client = RedisClient.create(url);
        connection = client.connect();
    }

    /** A connection to the shared Redis; skips (or, under CI, fails) the test when it is unreachable. */
    public static TestRedis connect() {
        RedisURI uri = RedisURI.create(URL);
        requireOrSkip(reachable(uri.getHost(), uri.getPort()), "no Redis answers at " + uri.getHost() + ":"
                + uri.getPort() + " (set WHARF_TEST_REDIS_URL, or start redis-server on 127.0.0.1:6379)");
        return new TestRedis(URL);
    }

    /** A key prefix no other test run uses. */
    public static String randomPrefix() {
        return "wharf-test-" + UUID.randomUUID() + ":";
    }

    /** Goes on if {@code condition} holds; else skips the test, or fails it under {@code CI=true}. */
    public static void requireOrSkip(boolean condition, String why) {
        if (condition) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(why + " (CI=true, where these tests must run rather than be skipped)");
        }
        Assumptions.abort(why);
    }

    /** The blocking commands, for looking at or tampering with what the code under test wrote. */
    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** The keys starting with {@code prefix}. */
    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(commands(), ScanArgs.Builder.matches(prefix + "*").limit(1000)).forEachRemaining(keys::add);
        return keys;
    }

    /** Deletes the keys starting with {@code prefix}. */
    public void deleteKeys(String prefix) {
        List<String> keys = keys(prefix);
        if (!keys.isEmpty()) {
            commands().del(keys.toArray(String[]::new));
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
