package dev.wharf.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An in-process Docker registry upstream for tests, negotiating manifests by {@code Accept} as the CNCF
 * registry does: a manifest is served only to a client whose {@code Accept} (every line of it) admits its
 * type, else 404 ({@code MANIFEST_UNKNOWN}); blobs by digest; anything else 404. Records every request, and
 * lets a test replace the answer of any path ({@link #on}).
 */
public final class FakeRegistry implements AutoCloseable {
    /** A request as the registry saw it. */
    public record Seen(String method, String path, String query, Map<String, List<String>> headers) {
        /** Every value of a header, each header line one value. */
        public List<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }
    }

    private record Manifest(String mediaType, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> overrides = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeRegistry start() {
        try {
            return new FakeRegistry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}, as containerd names the registry in {@code ns}. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code body} as the manifest {@code name:tag} (and by its digest); returns the digest. */
    public Digest manifest(String name, String tag, String mediaType, byte[] body) {
        Digest digest = sha256(body);
        Manifest m = new Manifest(mediaType, body);
        manifests.put(name + "/manifests/" + tag, m);
        manifests.put(name + "/manifests/" + digest, m);
        return digest;
    }

    /** Removes the tag {@code name:tag} (its digest stays). */
    public void untag(String name, String tag) {
        manifests.remove(name + "/manifests/" + tag);
    }

    /** Serves {@code body} as a blob; returns its digest. */
    public Digest blob(byte[] body) {
        Digest digest = sha256(body);
        blobs.put(digest.toString(), body);
        return digest;
    }

    /** Answers {@code path} (without query) with {@code handler} instead. */
    public void on(String path, HttpHandler handler) {
        overrides.put(path, handler);
    }

    /** Every request so far. */
    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** How many requests with this method and path came. */
    public long count(String method, String path) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders())));
        HttpHandler override = overrides.get(path);
        if (override != null) {
            override.handle(exchange);
            return;
        }
        if (path.equals("/v2/") || path.equals("/v2")) {
            send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String rest = path.startsWith("/v2/") ? path.substring(4) : path;
        Manifest manifest = manifests.get(rest);
        if (manifest != null) {
            if (!admits(exchange.getRequestHeaders().get("Accept"), manifest.mediaType())) {
                send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            exchange.getResponseHeaders().set("Docker-Content-Digest", sha256(manifest.body()).toString());
            send(exchange, 200, manifest.mediaType(), manifest.body());
            return;
        }
        int blobs = rest.indexOf("/blobs/");
        if (blobs >= 0) {
            byte[] blob = this.blobs.get(rest.substring(blobs + 7));
            if (blob != null) {
                exchange.getResponseHeaders().set("Docker-Content-Digest", rest.substring(blobs + 7));
                send(exchange, 200, "application/octet-stream", blob);
                return;
            }
        }
        send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a whole response; a HEAD gets the headers and the length only. */
    public static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        }
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    /** Whether the {@code Accept} lines admit {@code type}: no Accept, a wildcard, or the type named. */
    private static boolean admits(List<String> accept, String type) {
        if (accept == null || accept.isEmpty()) {
            return true;
        }
        List<String> ranges = new ArrayList<>();
        accept.forEach(line -> {
            for (String r : line.split(",")) {
                ranges.add(r.split(";")[0].trim().toLowerCase(Locale.ROOT));
            }
        });
        return ranges.contains(type) || ranges.contains("*/*") || ranges.contains(type.substring(0, type.indexOf('/')) + "/*");
    }

    public static Digest sha256(byte[] body) {
        return Digest.ofBytes(ContentDigest.Algorithm.SHA256.newHasher().digest(body));
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
