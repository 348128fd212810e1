package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.storage.testing.PostgresSchemas;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store holds at most {@code poolSize} connections, and runs at most that many statements at once. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresMetadataStorePoolTest {
    @RegisterExtension
    static final PostgresSchemas postgres = new PostgresSchemas();
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30Z");

    @Test
    void manyCallersShareAtMostPoolSizeConnections() throws Exception {
        int poolSize = 3;
        String application = "wharf-pool-" + UUID.randomUUID().toString().substring(0, 8);
        String url = PostgresSchemas.withParameter(postgres.url(), "ApplicationName=" + application);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch poolBusy = new CountDownLatch(poolSize);
        CountDownLatch release = new CountDownLatch(1);
        try (PostgresMetadataStore store = PostgresMetadataStore.open(url, postgres.user(), null, poolSize)) {
            result(store.putEntry(new CachedEntry("pool", "a", sha256("a"), 1, null, null, null, T0, T0)));

            // Each scan holds its connection until its visitor returns; ten of them ask for ten at once.
            List<CompletableFuture<Void>> scans = IntStream.range(0, 10)
                    .mapToObj(i -> store.forEachReferencedDigest(digest -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        poolBusy.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        running.decrementAndGet();
                    })).toList();
            assertThat(poolBusy.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // time for a scan beyond the pool to start, if one could

            assertThat(most.get()).as("statements at once").isEqualTo(poolSize);
            assertThat(sessions(application)).as("connections open").isEqualTo(poolSize);
            release.countDown();
            scans.forEach(scan -> result(scan));
            assertThat(most.get()).isEqualTo(poolSize);
            result(store.deleteEntry("pool", "a"));
        } finally {
            release.countDown();
        }
        assertThat(sessionsOnceSettled(application)).as("connections after close").isZero();
    }

    @Test
    void aPoolOfOneServesTheMigrationAndEveryCall() {
        try (PostgresMetadataStore store = PostgresMetadataStore.open(postgres.url(), postgres.user(), null, 1)) {
            CachedEntry entry = new CachedEntry("single", "a", sha256("single"), 1, null, null, null, T0, T0);
            result(store.putEntry(entry));

            assertThat(result(store.findEntry("single", "a"))).contains(entry);
            assertThat(result(store.deleteEntry("single", "a"))).isTrue();
        }
    }

    private static long sessions(String application) throws SQLException {
        try (Connection connection = postgres.connect(postgres.url());
             PreparedStatement query = connection.prepareStatement(
                     "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            query.setString(1, application);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The sessions left, waiting up to 5 s for the server to see closed connections go. */
    private static long sessionsOnceSettled(String application) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long open = sessions(application);
        while (open > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            open = sessions(application);
        }
        return open;
    }

    private static Digest sha256(String text) {
        return Digest.sha256Of(text.getBytes(StandardCharsets.UTF_8));
    }
}
