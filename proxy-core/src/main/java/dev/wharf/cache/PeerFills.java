package dev.wharf.cache;

import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.Upstream;
import dev.wharf.upstream.UpstreamRequest;
import dev.wharf.upstream.UpstreamResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a fill that runs on another replica of the cluster: finds the replica that holds the fill's
 * lease and streams the fill from that replica's internal endpoint ({@link PeerFillHandler}), which sends
 * the last byte only after it verified and committed the content. Without a cluster secret there are no
 * peers to follow.
 */
public final class PeerFills {
    private static final Logger LOG = LoggerFactory.getLogger(PeerFills.class);
    /** Where {@link PeerFillHandler} is mounted on every replica. */
    public static final String ROUTE = "/_wharf/cluster";
    static final String FILLS = ROUTE + "/fills/";
    /** The header that carries the cluster secret on internal calls. */
    public static final String SECRET_HEADER = "X-Wharf-Cluster-Secret";

    private static final PeerFills NONE = new PeerFills(null, null, null, key -> CompletableFuture.completedFuture(Optional.empty()), null);

    private final Upstream client;
    private final String secret;
    private final URI self;
    private final LeaseHolders holders;
    private final Duration readTimeout;

    private PeerFills(Upstream client, String secret, URI self, LeaseHolders holders, Duration readTimeout) {
        this.client = client;
        this.secret = secret;
        this.self = self;
        this.holders = holders;
        this.readTimeout = readTimeout;
    }

    /** A single replica: nothing to follow. */
    public static PeerFills none() {
        return NONE;
    }

    /**
     * Peers reached through {@code client}, authenticated with {@code secret}; {@code self} is this
     * replica's advertised URL, whose own leases are never followed over the network.
     *
     * @param readTimeout how long a peer's stream may stall before this replica gives up on it
     */
    public static PeerFills over(Upstream client, String secret, URI self, LeaseHolders holders, Duration readTimeout) {
        return new PeerFills(Objects.requireNonNull(client, "client"), Objects.requireNonNull(secret, "secret"),
                Objects.requireNonNull(self, "self"), Objects.requireNonNull(holders, "holders"), readTimeout);
    }

    /** Where the replica holding a lease can be reached, if another replica holds it and said where. */
    @FunctionalInterface
    public interface LeaseHolders {
        CompletableFuture<Optional<URI>> holder(String leaseKey);
    }

    /**
     * The fill of {@code fillKey} on the replica that holds {@code leaseKey}, ready to stream; empty when no
     * other replica holds it, or that replica cannot be reached or runs no such fill (the caller then waits
     * for the lease instead). The stream carries no digests: the peer verifies them before its last byte.
     */
    CompletableFuture<Optional<FillSource.Opened>> open(String fillKey, String leaseKey) {
        if (client == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return holders.holder(leaseKey).thenCompose(holder -> {
            if (holder.isEmpty() || sameReplica(holder.get())) {
                return CompletableFuture.completedFuture(Optional.<FillSource.Opened>empty());
            }
            return fetch(holder.get(), fillKey);
        }).exceptionally(e -> {
            LOG.debug("cannot follow the fill of {} on its replica: {}", fillKey, e.toString());
            return Optional.empty();
        });
    }

    private CompletableFuture<Optional<FillSource.Opened>> fetch(URI holder, String fillKey) {
        URI uri = holder.resolve(FILLS + URLEncoder.encode(fillKey, StandardCharsets.UTF_8));
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set(SECRET_HEADER, secret);
        UpstreamRequest request = new UpstreamRequest(HttpMethod.GET, uri, headers, null, Purpose.BLOB, readTimeout);
        return client.execute(request).thenApply(response -> opened(response, holder, fillKey));
    }

    private Optional<FillSource.Opened> opened(UpstreamResponse response, URI holder, String fillKey) {
        if (response.status() != 200) {
            LOG.debug("replica {} does not stream the fill of {}: {}", holder, fillKey, response.status());
            response.close();
            return Optional.empty();
        }
        String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return Optional.of(new FillSource.Opened(response.contentLength(), contentType, List.of(), response.closingBody()));
    }

    private boolean sameReplica(URI holder) {
        return holder.getHost().equalsIgnoreCase(self.getHost()) && port(holder) == port(self);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
