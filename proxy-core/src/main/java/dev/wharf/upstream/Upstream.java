package dev.wharf.upstream;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The upstream of one remote repository, made by {@link UpstreamClient#remote}: its own connection pools
 * per upstream host and {@link Purpose} (blob bodies on {@link RemoteSettings#maxBlobConnections()}, metadata
 * and token requests on the rest), its own token cache and token realm policy, on the client's shared event
 * loops, resolver and TLS context. Thread-safe; futures complete on event loops, so callbacks must not block.
 */
public final class Upstream implements AutoCloseable {
    private final RemoteSettings settings;
    private final HttpTransport transport;
    private final Authenticator authenticator;
    private final int maxRedirects;
    private final Consumer<Upstream> onClose;
    private volatile boolean closed;

    Upstream(ClientResources client, RemoteSettings settings, UpstreamListener listener, Consumer<Upstream> onClose) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.maxRedirects = client.settings().maxRedirects();
        this.onClose = onClose;
        this.transport = new HttpTransport(new ConnectionPool(client, settings), client.settings().userAgent(),
                Objects.requireNonNull(listener, "listener"));
        RealmPolicy policy = new RealmPolicy(settings, new HostAddresses(client)::resolve);
        this.authenticator = new Authenticator(new TokenFetcher(
                (uri, authorization) -> RequestFlow.plainGet(uri, authorization, transport, maxRedirects,
                        settings.readTimeout(), policy::checkTarget),
                client.settings().maxTokenResponseBytes()), policy, new SharedTokens(client.sharedTokens()));
    }

    /**
     * Sends {@code request}, following redirects and answering authentication challenges with the remote's
     * credentials, and completes with the final response once its head arrived; the caller must close it.
     * Fails with an {@link UpstreamException}.
     */
    public CompletableFuture<UpstreamResponse> execute(UpstreamRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("upstream " + settings.baseUri() + " is closed"));
        }
        return RequestFlow.run(request, settings, transport, authenticator, maxRedirects);
    }

    /** What this upstream was made with. */
    public RemoteSettings settings() {
        return settings;
    }

    /** A snapshot of every connection pool opened so far, for metrics. */
    public List<PoolStats> poolStats() {
        return transport.stats();
    }

    /** Closes idle connections; responses still open keep their connections until closed. Idempotent. */
    @Override
    public void close() {
        closed = true;
        transport.close();
        onClose.accept(this);
    }
}
