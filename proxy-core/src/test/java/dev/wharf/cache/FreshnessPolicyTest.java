package dev.wharf.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.coord.LocalCoordination;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.EmbeddedMetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FreshnessPolicyTest {
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(1);
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    Path dir;
    private EmbeddedMetadataStore metadata;
    private LocalCoordination coordination;
    private MutableClock clock;
    private FreshnessPolicy policy;

    @BeforeEach
    void setUp() {
        metadata = EmbeddedMetadataStore.open(dir);
        coordination = new LocalCoordination();
        clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        policy = new FreshnessPolicy(metadata, coordination, clock);
    }

    @AfterEach
    void tearDown() {
        coordination.close();
        metadata.close();
    }

    @Test
    void aMissIsFetchedAndThenAFreshHitAsksNobody() throws Exception {
        FakeOrigin origin = new FakeOrigin(() -> store(request("a", TTL)));
        assertThat(resolve(request("a", TTL), origin).status()).isEqualTo(CacheStatus.MISS);
        assertThat(resolve(request("a", TTL), origin).status()).isEqualTo(CacheStatus.HIT);
        assertThat(origin.calls).containsExactly("fetch");
    }

    @Test
    void aZeroTtlRevalidatesEveryRequest() throws Exception {
        FakeOrigin origin = new FakeOrigin(() -> store(request("a", TTL)));
        resolve(request("a", Duration.ZERO), origin);
        origin.revalidation = stale -> CompletableFuture.completedFuture(new OriginResult.NotModified());
        assertThat(resolve(request("a", Duration.ZERO), origin).status()).isEqualTo(CacheStatus.REVALIDATED);
        assertThat(resolve(request("a", Duration.ZERO), origin).status()).isEqualTo(CacheStatus.REVALIDATED);
        assertThat(origin.calls).containsExactly("fetch", "revalidate", "revalidate");
    }

    @Test
    void whileOneRequestRevalidatesTheOthersGetTheStaleCopyAtOnce() throws Exception {
        FakeOrigin origin = new FakeOrigin(() -> store(request("a", TTL)));
        resolve(request("a", TTL), origin);
        clock.advance(TTL.plusSeconds(1));
        CompletableFuture<OriginResult> upstream = new CompletableFuture<>();
        origin.revalidation = stale -> upstream;
        CompletableFuture<Resolution> first = policy.resolve(request("a", TTL), origin);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> origin.calls.contains("revalidate"));
        List<Resolution.Entry> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(resolve(request("a", TTL), origin));
        }
        assertThat(others).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(CacheStatus.STALE);
            assertThat(r.warning()).isEqualTo(FreshnessPolicy.STALE_WARNING);
        });
        assertThat(first).isNotDone();
        upstream.complete(new OriginResult.NotModified());
        assertThat(((Resolution.Entry) first.get(5, TimeUnit.SECONDS)).status()).isEqualTo(CacheStatus.REVALIDATED);
        assertThat(origin.calls).containsExactly("fetch", "revalidate");
    }

    @Test
    void aFailingUpstreamGetsTheStaleCopyServedAndIsLeftAloneForAWhile() throws Exception {
        FakeOrigin origin = new FakeOrigin(() -> store(request("a", TTL)));
        resolve(request("a", Duration.ZERO), origin);
        origin.revalidation = stale -> CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        Resolution.Entry failed = resolve(request("a", Duration.ZERO), origin);
        assertThat(failed.status()).isEqualTo(CacheStatus.STALE);
        assertThat(failed.warning()).isEqualTo(FreshnessPolicy.REVALIDATION_FAILED_WARNING);
        Resolution.Entry backedOff = resolve(request("a", Duration.ZERO), origin);
        assertThat(backedOff.warning()).isEqualTo(FreshnessPolicy.STALE_WARNING);
        assertThat(origin.calls).containsExactly("fetch", "revalidate");
    }

    @Test
    void aNegativeAnswerIsRememberedFromWhenTheUpstreamGaveItAndNeverRenewed() throws Exception {
        FakeOrigin origin = new FakeOrigin(() -> CompletableFuture.completedFuture(new OriginResult.Missing("404")));
        long start = System.nanoTime();
        // Poll faster than the negative TTL, as a client waiting for a tag does: the entry must still expire.
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(2_500)) {
            assertThatThrownBy(() -> policy.resolve(request("a", TTL), origin).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MissingUpstreamException.class);
            Thread.sleep(100);
        }
        assertThat(origin.calls.size()).as("asked upstream once per negative TTL, not once per poll").isBetween(2, 4);
    }

    @Test
    void aZeroNegativeTtlAsksTheUpstreamEveryTime() throws Exception {
        FakeOrigin origin = new FakeOrigin(() -> CompletableFuture.completedFuture(new OriginResult.Missing("404")));
        FreshnessPolicy.Request request = new FreshnessPolicy.Request("repo", "a", Negotiation.NONE, TTL, Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> policy.resolve(request, origin).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MissingUpstreamException.class);
        }
        assertThat(origin.calls).hasSize(3);
    }

    @Test
    void aClientIsOnlyGivenAVariantItsAcceptAdmits() throws Exception {
        FakeOrigin indexOrigin = new FakeOrigin(() -> store(negotiated("tag", null), INDEX));
        Negotiation everything = new Negotiation(List.of(INDEX, MANIFEST), "all");
        assertThat(resolve(negotiated("tag", everything), indexOrigin).entry().variant()).isEqualTo(INDEX);

        FakeOrigin manifestOrigin = new FakeOrigin(() -> store(negotiated("tag", null), MANIFEST));
        Negotiation schema2Only = new Negotiation(List.of(MANIFEST), "schema2");
        Resolution.Entry narrow = resolve(negotiated("tag", schema2Only), manifestOrigin);
        assertThat(narrow.status()).isEqualTo(CacheStatus.MISS);
        assertThat(narrow.entry().mediaType()).isEqualTo(MANIFEST);
        assertThat(manifestOrigin.calls).containsExactly("fetch");

        assertThat(resolve(negotiated("tag", everything), indexOrigin).entry().variant()).isEqualTo(INDEX);
        assertThat(resolve(negotiated("tag", schema2Only), manifestOrigin).status()).isEqualTo(CacheStatus.HIT);
    }

    @Test
    void aRevalidationThatSaysGoneDropsTheCopyAndRemembersIt() throws Exception {
        FakeOrigin origin = new FakeOrigin(() -> store(request("a", TTL)));
        resolve(request("a", Duration.ZERO), origin);
        origin.revalidation = stale -> CompletableFuture.completedFuture(new OriginResult.Missing("404"));
        assertThatThrownBy(() -> policy.resolve(request("a", Duration.ZERO), origin).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(MissingUpstreamException.class);
        assertThat(metadata.findEntry("repo", "a").get(5, TimeUnit.SECONDS)).isEmpty();
        assertThatThrownBy(() -> policy.resolve(request("a", Duration.ZERO), origin).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(MissingUpstreamException.class);
        assertThat(origin.calls).containsExactly("fetch", "revalidate");
    }

    @Test
    void concurrentMissesShareOneFetch() throws Exception {
        CompletableFuture<OriginResult> upstream = new CompletableFuture<>();
        FakeOrigin origin = new FakeOrigin(() -> upstream);
        List<CompletableFuture<Resolution>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(policy.resolve(request("a", TTL), origin));
        }
        // Long enough for every request to have looked up the cache and joined the flight.
        Thread.sleep(300);
        upstream.complete(store(request("a", TTL)).get(5, TimeUnit.SECONDS));
        for (CompletableFuture<Resolution> r : all) {
            assertThat(r.get(5, TimeUnit.SECONDS)).isInstanceOf(Resolution.Entry.class);
        }
        assertThat(origin.calls).containsExactly("fetch");
        assertThat(all.stream().filter(r -> r.join().status() == CacheStatus.MISS)).hasSize(1);
    }

    private FreshnessPolicy.Request request(String path, Duration ttl) {
        return new FreshnessPolicy.Request("repo", path, Negotiation.NONE, ttl, NEGATIVE_TTL);
    }

    private FreshnessPolicy.Request negotiated(String path, Negotiation negotiation) {
        return new FreshnessPolicy.Request("repo", path, negotiation == null ? Negotiation.NONE : negotiation, TTL, NEGATIVE_TTL);
    }

    private Resolution.Entry resolve(FreshnessPolicy.Request request, MetadataOrigin origin) throws Exception {
        try {
            return (Resolution.Entry) policy.resolve(request, origin).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private CompletableFuture<OriginResult> store(FreshnessPolicy.Request request) {
        return store(request, "");
    }

    /** Stores an entry as an origin does, as variant {@code variant}. */
    private CompletableFuture<OriginResult> store(FreshnessPolicy.Request request, String variant) {
        Instant now = clock.instant();
        CachedEntry entry = new CachedEntry(request.repoKey(), request.path(), variant,
                Digest.parse("sha256:" + "ab".repeat(32)), 10, variant.isEmpty() ? "text/plain" : variant, null, null, now, now);
        return metadata.putEntry(entry).thenApply(v -> new OriginResult.Stored(entry));
    }

    /** An origin that records what it is asked and answers as the test says. */
    private final class FakeOrigin implements MetadataOrigin {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Supplier<CompletableFuture<OriginResult>> fetch;
        Function<CachedEntry, CompletableFuture<OriginResult>> revalidation =
                stale -> CompletableFuture.failedFuture(new AssertionError("no revalidation expected"));

        FakeOrigin(Supplier<CompletableFuture<OriginResult>> fetch) {
            this.fetch = fetch;
        }

        @Override
        public CompletableFuture<OriginResult> fetch() {
            calls.add("fetch");
            return fetch.get();
        }

        @Override
        public CompletableFuture<OriginResult> revalidate(CachedEntry stale) {
            calls.add("revalidate");
            return revalidation.apply(stale);
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
