package dev.wharf.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bearer-token front for a registry, the way Docker Hub guards its API: a request without a valid
 * token gets 401 with {@code WWW-Authenticate: Bearer realm="<this>/token",service="e2e",scope="repository:<name>:pull"};
 * {@code /token} requires HTTP Basic credentials and issues random tokens with {@code expires_in} 300;
 * requests with a valid token are proxied to the registry, bodies streamed, never buffered.
 */
public final class TokenAuthFront implements AutoCloseable {
    private static final Pattern NAMED = Pattern.compile("/v2/(.+?)/(manifests|blobs|tags)/.*");
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(300);
    private static final Set<String> REQUEST_HEADERS = Set.of("accept", "range", "if-none-match");
    private static final Set<String> SKIPPED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding",
            "connection", "keep-alive", "date", ":status");

    private final String backend;
    private final String basicCredentials;
    private final FakeHttp http;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /** A front for the registry at {@code backendUrl} whose token endpoint accepts {@code username}/{@code password}. */
    public TokenAuthFront(String backendUrl, String username, String password) {
        this.backend = backendUrl;
        this.basicCredentials = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = new FakeHttp("TokenAuthFront", this::handle);
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostPort() {
        return "127.0.0.1:" + http.port();
    }

    /** {@code http://127.0.0.1:<port>}, the URL to configure a Wharf remote with. */
    public String url() {
        return "http://" + hostPort();
    }

    /** How many requests reached {@code /token}, with or without valid credentials. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/token")) {
                issueToken(exchange);
            } else if (!hasValidToken(exchange)) {
                challenge(exchange, path);
            } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                FakeHttp.sendError(exchange, 405, "UNSUPPORTED", "this front proxies pulls only");
            } else {
                proxy(exchange);
            }
        }
    }

    private void issueToken(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        if (!basicCredentials.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"e2e\"");
            FakeHttp.sendError(exchange, 401, "UNAUTHORIZED", "valid Basic credentials required");
            return;
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Instant now = Instant.now();
        tokens.put(token, now.plus(TOKEN_LIFETIME));
        FakeHttp.sendJson(exchange, 200, "{\"token\":\"" + token + "\",\"access_token\":\"" + token
                + "\",\"expires_in\":" + TOKEN_LIFETIME.toSeconds() + ",\"issued_at\":\"" + now + "\"}");
    }

    private boolean hasValidToken(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        Instant expiry = tokens.get(authorization.substring("Bearer ".length()).trim());
        return expiry != null && Instant.now().isBefore(expiry);
    }

    private void challenge(HttpExchange exchange, String path) throws IOException {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(url()).append("/token\",service=\"e2e\"");
        Matcher named = NAMED.matcher(path);
        if (named.matches()) {
            challenge.append(",scope=\"repository:").append(named.group(1)).append(":pull\"");
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", challenge.toString());
        FakeHttp.sendError(exchange, 401, "UNAUTHORIZED", "authentication required");
    }

    private void proxy(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backend + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .timeout(HttpProbe.RESPONSE_TIMEOUT)
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (REQUEST_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while proxying " + uri, e);
        }
        try (InputStream body = response.body()) {
            response.headers().map().forEach((name, values) -> {
                if (!SKIPPED_RESPONSE_HEADERS.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if ("HEAD".equals(exchange.getRequestMethod()) || length == 0) {
                if (length >= 0) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                }
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            // Length 0 tells the JDK server to send chunked: the backend declared no length.
            exchange.sendResponseHeaders(response.statusCode(), Math.max(length, 0));
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            out.close();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
