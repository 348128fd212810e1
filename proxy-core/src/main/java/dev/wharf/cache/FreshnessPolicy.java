package dev.wharf.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.Futures;
import dev.wharf.storage.coord.Coordination;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one freshness policy of mutable metadata, for every format:
 * <ul>
 *   <li>a cached copy is fresh for the repository's {@code metadataTtl} from when it was fetched or last
 *       revalidated; {@code 0s} means revalidate on every request;</li>
 *   <li>a stale copy is revalidated through the format's {@link MetadataOrigin} (a conditional request, or
 *       the format's own check), one upstream request per key at a time: requests arriving while it runs are
 *       answered from the stale copy (stale-while-revalidate, {@code Warning: 110});</li>
 *   <li>when the revalidation fails (connect error, timeout, 5xx, 429, ...) the stale copy is served with
 *       {@code Warning: 111 - "Revalidation Failed"}, and the upstream is left alone for a while (the
 *       repository's TTL, between 1 s and 30 s), serving stale with {@code 110} meanwhile;</li>
 *   <li>an upstream 404 is remembered for {@code negativeTtl} from when the upstream said it, and never
 *       renewed by serving it; {@code 0s} turns the negative cache off;</li>
 *   <li>where the protocol negotiates by {@code Accept}, cached variants are keyed by the media type served,
 *       and a client is only given a variant its {@code Accept} admits ({@link Negotiation}); otherwise the
 *       request goes upstream with the client's {@code Accept}.</li>
 * </ul>
 * Concurrent misses for one key share one upstream fetch. Thread-safe; futures may complete on any thread.
 */
public final class FreshnessPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessPolicy.class);
    static final String STALE_WARNING = "110 - \"Response is Stale\"";
    static final String REVALIDATION_FAILED_WARNING = "111 - \"Revalidation Failed\"";
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final MetadataStore metadata;
    private final Coordination coordination;
    private final Clock clock;
    /** Upstream requests in flight, by key; an entry leaves when its request completes. */
    private final AsyncCache<String, OriginResult> flights = Caffeine.newBuilder().buildAsync();

    public FreshnessPolicy(MetadataStore metadata, Coordination coordination, Clock clock) {
        this.metadata = metadata;
        this.coordination = coordination;
        this.clock = clock;
    }

    /**
     * One request for mutable metadata.
     *
     * @param path        the repository-relative path the entry is stored at
     * @param negotiation which variants the client admits
     */
    public record Request(String repoKey, String path, Negotiation negotiation, Duration ttl, Duration negativeTtl) {
        public Request {
            Objects.requireNonNull(repoKey, "repoKey");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(negotiation, "negotiation");
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(negativeTtl, "negativeTtl");
        }

        String flightKey(String kind, String variant) {
            return kind + ":" + repoKey + "/" + path + "#" + variant;
        }

        String negativeKey() {
            return "negative:" + repoKey + "/" + path + "#" + negotiation.key();
        }

        String backoffKey(String variant) {
            return "revalidation-failed:" + repoKey + "/" + path + "#" + variant;
        }
    }

    /**
     * Answers the request from the cache when it may, else through {@code origin}. Fails with
     * {@link MissingUpstreamException} when the upstream says (or recently said) it does not exist, and with
     * the origin's failure for a miss the upstream could not answer.
     */
    public CompletableFuture<Resolution> resolve(Request request, MetadataOrigin origin) {
        return cached(request).thenCompose(found -> {
            if (found.isEmpty()) {
                return miss(request, origin);
            }
            CachedEntry entry = found.get();
            if (isFresh(entry, request.ttl())) {
                LastAccess.touchIfDue(metadata, entry, clock);
                return CompletableFuture.completedFuture(new Resolution.Entry(entry, CacheStatus.HIT, null));
            }
            return revalidate(request, entry, origin);
        });
    }

    /** Forgets a cached entry whose bytes turned out to be missing from storage, so the next resolve fetches it. */
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return metadata.deleteEntry(entry.repoKey(), entry.path(), entry.variant());
    }

    /** The cached variant the client admits, most preferred first. */
    private CompletableFuture<Optional<CachedEntry>> cached(Request request) {
        Negotiation negotiation = request.negotiation();
        if (negotiation.isNone()) {
            return metadata.findEntry(request.repoKey(), request.path());
        }
        return metadata.findVariants(request.repoKey(), request.path()).thenApply(variants -> pick(variants, negotiation.acceptable()));
    }

    private static Optional<CachedEntry> pick(List<CachedEntry> variants, List<String> acceptable) {
        for (String wanted : acceptable) {
            for (CachedEntry variant : variants) {
                if (variant.variant().equals(wanted)) {
                    return Optional.of(variant);
                }
            }
        }
        return Optional.empty();
    }

    private boolean isFresh(CachedEntry entry, Duration ttl) {
        return entry.fetchedAt().plus(ttl).isAfter(clock.instant());
    }

    private CompletableFuture<Resolution> miss(Request request, MetadataOrigin origin) {
        return coordination.cacheGet(request.negativeKey()).thenCompose(negative -> {
            if (negative.isPresent()) {
                // Served as remembered, never written again: the entry expires negativeTtl after the upstream said it.
                return CompletableFuture.failedFuture(new MissingUpstreamException(negative.get()));
            }
            // A flight that just ended may have stored it after this request looked: look again before asking.
            Flight flight = fly(request.flightKey("fetch", request.negotiation().key()), () -> cached(request)
                    .thenCompose(found -> found.isPresent()
                            ? CompletableFuture.completedFuture(new OriginResult.Stored(found.get()))
                            : origin.fetch()));
            CacheStatus status = flight.started() ? CacheStatus.MISS : CacheStatus.FILL_JOIN;
            return flight.result().thenCompose(result -> {
                if (result instanceof OriginResult.Stored stored) {
                    return CompletableFuture.completedFuture(new Resolution.Entry(stored.entry(), status, null));
                }
                if (result instanceof OriginResult.Streaming streaming) {
                    return CompletableFuture.completedFuture(new Resolution.Filling(streaming.fill(),
                            streaming.joined() ? CacheStatus.FILL_JOIN : status));
                }
                if (result instanceof OriginResult.Missing missing) {
                    return remember(request, missing);
                }
                return CompletableFuture.failedFuture(
                        new IllegalStateException("the origin answered 'not modified' to a fetch without validators"));
            });
        });
    }

    private CompletableFuture<Resolution> remember(Request request, OriginResult.Missing missing) {
        CompletableFuture<Void> put = request.negativeTtl().isZero()
                ? CompletableFuture.completedFuture(null)
                : coordination.cachePut(request.negativeKey(), missing.why(), request.negativeTtl());
        return put.thenCompose(v -> CompletableFuture.failedFuture(new MissingUpstreamException(missing.why())));
    }

    private CompletableFuture<Resolution> revalidate(Request request, CachedEntry stale, MetadataOrigin origin) {
        return coordination.cacheGet(request.backoffKey(stale.variant())).thenCompose(failedRecently -> {
            if (failedRecently.isPresent()) {
                return CompletableFuture.completedFuture(new Resolution.Entry(stale, CacheStatus.STALE, STALE_WARNING));
            }
            // A revalidation that just ended may have refreshed it after this request looked: look again first.
            // The refreshed entry is stored before the flight ends: a request that looks after the flight left
            // the map must find the entry fresh, or it would revalidate once more.
            Flight flight = fly(request.flightKey("revalidate", stale.variant()), () -> metadata
                    .findEntry(stale.repoKey(), stale.path(), stale.variant())
                    .thenCompose(found -> found.isPresent() && isFresh(found.get(), request.ttl())
                            ? CompletableFuture.completedFuture(new OriginResult.Stored(found.get()))
                            : origin.revalidate(stale).thenCompose(result -> refreshIfNotModified(stale, result))));
            if (!flight.started()) {
                // Stale-while-revalidate: one request asks the upstream, the others get the stale copy now.
                return CompletableFuture.completedFuture(new Resolution.Entry(stale, CacheStatus.STALE, STALE_WARNING));
            }
            return flight.result().handle((result, err) -> err != null
                    ? CompletableFuture.completedFuture(staleAfterFailure(request, stale, err))
                    : revalidated(request, stale, result)).thenCompose(f -> f);
        });
    }

    /** An unchanged upstream copy: records the stale entry as fetched now, and answers it as stored. */
    private CompletableFuture<OriginResult> refreshIfNotModified(CachedEntry stale, OriginResult result) {
        if (!(result instanceof OriginResult.NotModified)) {
            return CompletableFuture.completedFuture(result);
        }
        CachedEntry refreshed = stale.refreshedAt(clock.instant());
        return metadata.putEntry(refreshed).thenApply(v -> new OriginResult.Stored(refreshed));
    }

    private CompletableFuture<Resolution> revalidated(Request request, CachedEntry stale, OriginResult result) {
        if (result instanceof OriginResult.Stored stored) {
            CompletableFuture<?> outdated = stored.entry().variant().equals(stale.variant())
                    ? CompletableFuture.completedFuture(null)
                    // The upstream now answers this client with another variant: the old one is outdated.
                    : metadata.deleteEntry(stale.repoKey(), stale.path(), stale.variant());
            CacheStatus status = stored.entry().digest().equals(stale.digest()) ? CacheStatus.REVALIDATED : CacheStatus.MISS;
            return outdated.thenApply(v -> new Resolution.Entry(stored.entry(), status, null));
        }
        if (result instanceof OriginResult.Streaming streaming) {
            return CompletableFuture.completedFuture(new Resolution.Filling(streaming.fill(), CacheStatus.MISS));
        }
        OriginResult.Missing missing = (OriginResult.Missing) result;
        return metadata.deleteEntry(stale.repoKey(), stale.path(), stale.variant()).thenCompose(v -> remember(request, missing));
    }

    private Resolution staleAfterFailure(Request request, CachedEntry stale, Throwable failure) {
        String why = String.valueOf(Futures.unwrap(failure).getMessage());
        LOG.warn("serving stale {}/{}: revalidation failed: {}", stale.repoKey(), stale.path(), why);
        Duration backoff = request.ttl().compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                : request.ttl().compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF : request.ttl();
        coordination.cachePut(request.backoffKey(stale.variant()), why, backoff);
        return new Resolution.Entry(stale, CacheStatus.STALE, REVALIDATION_FAILED_WARNING);
    }

    /** An upstream request shared by key, and whether this caller started it. */
    private record Flight(CompletableFuture<OriginResult> result, boolean started) {
    }

    private Flight fly(String key, java.util.function.Supplier<CompletableFuture<OriginResult>> request) {
        boolean[] started = {false};
        CompletableFuture<OriginResult> result = flights.get(key, (k, executor) -> {
            started[0] = true;
            try {
                return request.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        if (started[0]) {
            result.whenComplete((v, e) -> flights.asMap().remove(key, result));
        }
        return new Flight(result, started[0]);
    }
}
