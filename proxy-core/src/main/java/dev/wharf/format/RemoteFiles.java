package dev.wharf.format;

import dev.wharf.cache.FreshnessPolicy;
import dev.wharf.cache.MissingUpstreamException;
import dev.wharf.cache.Negotiation;
import dev.wharf.cache.Resolution;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Glob;
import dev.wharf.codec.http.HeaderValues;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.upstream.Upstream;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamResponse;
import dev.wharf.upstream.UpstreamStatusException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A remote repository of files, for any format whose remote is a tree of files over HTTP: what each path
 * is comes from the format's {@link RemoteLayout}; the cache core does the rest. Content is cached for
 * good and filled once per miss; metadata goes through the freshness policy (ETag / Last-Modified
 * revalidation, stale-if-error, negative cache). A HEAD of uncached content is passed to the upstream as a
 * HEAD. Used directly as a repository and as a member of virtual repositories ({@link #find}).
 */
public final class RemoteFiles {
    /** What "cached for good" means for immutable content. */
    static final Duration IMMUTABLE = Duration.ofDays(365 * 100);

    private final RepositoryConfig config;
    private final RemoteLayout layout;
    private final Upstream upstream;
    private final FormatContext context;
    private final List<Glob> blocklist;

    public RemoteFiles(RepositoryConfig config, RemoteLayout layout, FormatContext context) {
        this.config = config;
        this.layout = layout;
        this.upstream = context.upstreams().upstream(config);
        this.context = context;
        this.blocklist = config.blocklist().stream().map(Glob::new).toList();
    }

    /** The repository's key. */
    public String key() {
        return config.key();
    }

    /** True when the path matches a blocklist pattern. */
    public boolean isBlocked(RepositoryPath path) {
        return blocklist.stream().anyMatch(glob -> glob.matches(path.path()));
    }

    /**
     * What the repository has at {@code path}: stored, being filled, or for a HEAD of uncached content the
     * upstream's headers. Fails with {@code MissingUpstreamException} for what the upstream does not have, or
     * with the upstream's failure.
     */
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        return find(path, layout.upstream(path), layout.classify(path), layout.verification(path), head);
    }

    /**
     * Like {@link #find(RepositoryPath, boolean)}, for a path whose upstream URL, kind and digests the format
     * learnt elsewhere (from an index it serves: PyPI's file links, npm's {@code dist.tarball}, ...), so that a
     * file on another host than the repository's {@code url} is still cached at its Wharf path.
     */
    public CompletableFuture<Found> find(RepositoryPath path, URI uri, PathKind kind, List<ContentDigest> expected,
                                         boolean head) {
        String key = path.path();
        if (head && kind == PathKind.CONTENT) {
            return context.metadata().findEntry(config.key(), key).thenCompose(entry -> entry.isPresent()
                    ? CompletableFuture.completedFuture(new Found.Stored(entry.get(), CacheStatus.HIT, null))
                    : describe(uri));
        }
        FreshnessPolicy.Request request = new FreshnessPolicy.Request(config.key(), key, Negotiation.NONE,
                kind == PathKind.CONTENT ? IMMUTABLE : config.metadataTtl(), config.negativeTtl());
        FileOrigin origin = new FileOrigin(this, context.fills(), key, uri, expected);
        return context.freshness().resolve(request, origin).handle((resolution, err) -> {
            if (err != null) {
                Throwable cause = Futures.unwrap(err);
                if (cause instanceof MissingUpstreamException missing) {
                    return new Found.Absent(missing.getMessage());
                }
                throw new CompletionException(cause);
            }
            if (resolution instanceof Resolution.Entry entry) {
                return new Found.Stored(entry.entry(), entry.status(), entry.warning());
            }
            Resolution.Filling filling = (Resolution.Filling) resolution;
            return new Found.Filling(filling.fill(), filling.status());
        });
    }

    /** Forgets an entry whose blob has gone, so that the next {@link #find} fetches it again. */
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return context.freshness().forget(entry);
    }

    private CompletableFuture<Found> describe(URI uri) {
        return upstream.execute(request(HttpMethod.HEAD, uri, new DefaultHttpHeaders(), Purpose.METADATA, null))
                .thenApply(response -> {
                    try (UpstreamResponse r = response) {
                        if (r.status() == 404) {
                            return new Found.Absent("the upstream answered 404");
                        }
                        if (r.status() != 200) {
                            throw new UpstreamStatusException(r.status(), uri.getPath());
                        }
                        HttpHeaders headers = new DefaultHttpHeaders();
                        for (CharSequence name : List.of(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_TYPE,
                                HttpHeaderNames.LAST_MODIFIED)) {
                            String value = r.headers().get(name);
                            if (value != null && HeaderValues.isSafe(value, CachedEntry.MAX_MEDIA_TYPE_LENGTH)) {
                                headers.set(name, value);
                            }
                        }
                        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                        }
                        return new Found.Described(headers, CacheStatus.PASS);
                    }
                });
    }

    /** A request to the upstream (which answers challenges with the remote's credentials); {@code timeout} overrides the read timeout, or is null. */
    public UpstreamRequest request(HttpMethod method, URI uri, HttpHeaders headers, Purpose purpose, Duration timeout) {
        return new UpstreamRequest(method, uri, headers, null, purpose, timeout);
    }

    /** The remote's upstream, for requests a format passes through uncached. */
    public Upstream upstream() {
        return upstream;
    }

    Duration revalidationTimeout() {
        return config.upstream().revalidationTimeout();
    }

    /** The key fills of a path share: one upstream fetch per path at a time. */
    String fillKey(String path) {
        return config.key() + "/" + path;
    }

    /** The fill source of a path; {@code received} is a 200 response already in hand, or null to send a GET. */
    RemoteFileSource source(String path, URI uri, List<ContentDigest> expected, UpstreamResponse received) {
        return new RemoteFileSource(config.key(), path, uri, this, expected, context.metadata(), context.clock(), received);
    }
}
