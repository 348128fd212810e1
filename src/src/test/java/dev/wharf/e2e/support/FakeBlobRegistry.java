package dev.wharf.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upstream registry that speaks just enough of the API for blob pulls: {@code GET /v2/} answers 200,
 * {@code GET}/{@code HEAD /v2/<name>/blobs/<digest>} serve the blobs a subclass describes, with
 * Content-Length and Docker-Content-Digest; anything else is a registry 404. Counts blob GETs by digest,
 * both started and finished, so that tests can prove how many fills reached the upstream.
 */
public abstract class FakeBlobRegistry implements AutoCloseable {
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");

    private final FakeHttp http;
    private final Map<String, AtomicInteger> startedGets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> finishedGets = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

    /** Starts serving on a free port of 127.0.0.1. */
    protected FakeBlobRegistry() {
        http = new FakeHttp(getClass().getSimpleName(), this::handle);
    }

    /** The size of blob {@code digest}, or empty when this upstream does not have it. */
    protected abstract OptionalLong size(String digest);

    /**
     * Writes the body of blob {@code digest}, whose length {@link #size} was already declared. A subclass
     * may write other bytes on purpose, or throw to cut the connection after writing fewer.
     */
    protected abstract void writeBlob(String digest, OutputStream body) throws IOException;

    /** {@code 127.0.0.1:<port>}. */
    public String hostPort() {
        return "127.0.0.1:" + http.port();
    }

    /** {@code http://127.0.0.1:<port>}, the URL to configure a Wharf remote with. */
    public String url() {
        return "http://" + hostPort();
    }

    /** How many GETs of blob {@code digest} have started, under any repository name. */
    public int blobGets(String digest) {
        return startedGets.getOrDefault(digest, new AtomicInteger()).get();
    }

    /** How many GETs of blob {@code digest} have ended, whether the body was sent whole or not. */
    public int finishedBlobGets(String digest) {
        return finishedGets.getOrDefault(digest, new AtomicInteger()).get();
    }

    /** Waits until {@code count} GETs of {@code digest} have ended, failing after {@code limit}. */
    public void awaitFinishedBlobGets(String digest, int count, Duration limit) {
        Waits.until(limit, count + " finished upstream GET(s) of " + digest,
                () -> finishedBlobGets(digest) >= count, () -> "requests so far: " + requests());
    }

    /** Every request received so far, as {@code METHOD path}, oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(method + " " + path);
            Matcher blob = BLOB.matcher(path);
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                FakeHttp.sendError(exchange, 405, "UNSUPPORTED", "this upstream serves pulls only");
            } else if (path.equals("/v2/") || path.equals("/v2")) {
                FakeHttp.sendPing(exchange);
            } else if (blob.matches()) {
                serveBlob(exchange, blob.group(2));
            } else if (path.contains("/manifests/")) {
                FakeHttp.sendError(exchange, 404, "MANIFEST_UNKNOWN", "this upstream has blobs only");
            } else {
                FakeHttp.sendError(exchange, 404, "NAME_UNKNOWN", "no such path");
            }
        }
        // An exception leaving this handler (client gone, body cut short on purpose) makes the JDK server
        // close the connection, which is what a client must see for a body shorter than declared.
    }

    private void serveBlob(HttpExchange exchange, String digest) throws IOException {
        OptionalLong size = size(digest);
        if (size.isEmpty()) {
            FakeHttp.sendError(exchange, 404, "BLOB_UNKNOWN", "blob unknown to this upstream");
            return;
        }
        exchange.getResponseHeaders().set(FakeHttp.API_VERSION_HEADER, FakeHttp.API_VERSION);
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(size.getAsLong()));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        startedGets.computeIfAbsent(digest, d -> new AtomicInteger()).incrementAndGet();
        try {
            exchange.sendResponseHeaders(200, size.getAsLong() == 0 ? -1 : size.getAsLong());
            OutputStream body = exchange.getResponseBody();
            writeBlob(digest, body);
            body.close();
        } finally {
            finishedGets.computeIfAbsent(digest, d -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " at " + url() + ", requests " + requests();
    }
}
