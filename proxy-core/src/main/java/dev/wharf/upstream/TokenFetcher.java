package dev.wharf.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.TooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a bearer token from a token endpoint (the Docker registry token protocol, also used by ghcr and
 * quay): {@code GET realm?service=..&scope=..}, with HTTP Basic credentials when there are any, answered
 * by {@code {"token" | "access_token", "expires_in", "issued_at"}}.
 */
final class TokenFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFetcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The protocol's lifetime when {@code expires_in} is absent. */
    private static final long DEFAULT_LIFETIME_SECONDS = 60;

    private final BiFunction<URI, String, CompletableFuture<UpstreamResponse>> get;
    private final int maxResponseBytes;

    /**
     * @param get sends a GET to a URI with an {@code Authorization} value (or null), following redirects
     *            but answering no challenge
     */
    TokenFetcher(BiFunction<URI, String, CompletableFuture<UpstreamResponse>> get, int maxResponseBytes) {
        this.get = get;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Fetches a token; {@code service} and {@code scope} may be null, {@code credentials} null for anonymous.
     * A refusal (any status but 200) fails with a {@link TokenRefusedException} holding the response, read
     * whole (at most the response limit); anything else with an {@link UpstreamException}.
     */
    CompletableFuture<BearerToken> fetch(URI realm, String service, String scope, UpstreamCredentials credentials) {
        URI uri = tokenUri(realm, service, scope);
        long startNanos = System.nanoTime();
        String authorization = credentials == null ? null : credentials.basicAuthorization();
        return get.apply(uri, authorization).thenCompose(response -> {
            if (response.status() != 200) {
                String what = "token refusal from " + HostKey.describe(uri);
                return ByteSources.readAll(response.body(), maxResponseBytes, what).<BearerToken>thenApply(body -> {
                    response.close();
                    throw new TokenRefusedException(new BufferedResponse(response.status(), response.headers(),
                            response.uri(), body));
                });
            }
            String what = "token response from " + HostKey.describe(uri);
            return ByteSources.readAll(response.body(), maxResponseBytes, what).exceptionally(failure -> {
                throw upstreamFailure(failure);
            }).thenApply(body -> {
                response.close();
                BearerToken token = parse(body, startNanos, what);
                LOG.debug("fetched a bearer token from {} for scope {}", HostKey.describe(uri), scope);
                return token;
            });
        });
    }

    /** An oversized token response breaks the protocol, as a malformed one does. */
    private static RuntimeException upstreamFailure(Throwable failure) {
        Throwable cause = Failures.unwrap(failure);
        if (cause instanceof TooLargeException) {
            return new UpstreamProtocolException(cause.getMessage(), null);
        }
        return cause instanceof RuntimeException unchecked ? unchecked : new CompletionException(cause);
    }

    /** The lifetime counts from when the request was sent, by the local clock, so clock skew cannot lengthen it. */
    static BearerToken parse(byte[] body, long startNanos, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UpstreamProtocolException(what + " is not JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw new UpstreamProtocolException(what + " is not a JSON object", null);
        }
        String token = text(root, "token");
        if (token == null) {
            token = text(root, "access_token");
        }
        if (token == null) {
            throw new UpstreamProtocolException(what + " has no token (expected: \"token\" or \"access_token\")", null);
        }
        if (!isHeaderSafe(token)) {
            throw new UpstreamProtocolException(what + ": the token has characters not allowed in a header", null);
        }
        JsonNode expires = root.get("expires_in");
        long seconds = expires != null && expires.canConvertToLong() && expires.asLong() > 0
                ? expires.asLong() : DEFAULT_LIFETIME_SECONDS;
        long lifetimeNanos = Duration.ofSeconds(Math.min(seconds, Duration.ofDays(365).toSeconds())).toNanos();
        long marginNanos = Math.min(Duration.ofSeconds(30).toNanos(), lifetimeNanos / 10);
        return new BearerToken(token, startNanos + lifetimeNanos - marginNanos);
    }

    static URI tokenUri(URI realm, String service, String scope) {
        StringBuilder query = new StringBuilder();
        if (service != null) {
            append(query, "service", service);
        }
        if (scope != null) {
            for (String s : scope.trim().split(" +")) {
                if (!s.isEmpty()) {
                    append(query, "scope", s);
                }
            }
        }
        String path = realm.getRawPath() == null ? "" : realm.getRawPath();
        String existing = realm.getRawQuery();
        String all = existing == null ? query.toString() : query.length() == 0 ? existing : existing + "&" + query;
        return URI.create(realm.getScheme() + "://" + realm.getRawAuthority() + path + (all.isEmpty() ? "" : "?" + all));
    }

    private static void append(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static boolean isHeaderSafe(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
