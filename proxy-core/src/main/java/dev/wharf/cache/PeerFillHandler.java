package dev.wharf.cache;

import dev.wharf.server.Exchange;
import dev.wharf.server.RequestHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The internal endpoint other replicas follow this replica's fills at ({@link PeerFills}):
 * {@code GET /_wharf/cluster/fills/<fill key>} with the cluster secret streams a running fill from its
 * first byte, the last one only once verified and committed. Every other request, and one without the
 * secret, is refused: client credentials never open it.
 */
public final class PeerFillHandler implements RequestHandler {
    private final FillEngine fills;
    private final byte[] secret;

    public PeerFillHandler(FillEngine fills, String secret) {
        this.fills = fills;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Exchange exchange) {
        String given = exchange.requestHeaders().get(PeerFills.SECRET_HEADER);
        // Constant time, so the secret cannot be guessed byte by byte from response times.
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            exchange.error(HttpResponseStatus.FORBIDDEN, "internal endpoint: the cluster secret is missing or wrong");
            return;
        }
        if (!exchange.method().equals(HttpMethod.GET)) {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "internal endpoint: GET only");
            return;
        }
        String path = exchange.rawPath();
        if (!path.startsWith(PeerFills.FILLS) || path.length() == PeerFills.FILLS.length()) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "internal endpoint: no such resource");
            return;
        }
        String key = URLDecoder.decode(path.substring(PeerFills.FILLS.length()), StandardCharsets.UTF_8);
        Optional<Fill> fill = fills.running(key);
        if (fill.isEmpty()) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "no fill of " + key + " runs on this replica");
            return;
        }
        FillResponder.follow(exchange, fill.get(), new DefaultHttpHeaders(), (ex, failure) ->
                ex.error(HttpResponseStatus.BAD_GATEWAY, "the fill of " + key + " failed: " + failure.getMessage()));
    }
}
