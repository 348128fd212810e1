package dev.wharf.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HTTP server on 127.0.0.1 with a thread per exchange, and the registry answers every fake server shares. */
final class FakeHttp implements AutoCloseable {
    /** The registry API version header every registry response carries. */
    static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    static final String API_VERSION = "registry/2.0";

    private final HttpServer server;
    private final ExecutorService executor;

    /** Starts serving every path with {@code handler} on a free port of 127.0.0.1. */
    FakeHttp(String threadName, HttpHandler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a fake server on 127.0.0.1", e);
        }
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code GET /v2/} as a registry without auth does. */
    static void sendPing(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set(API_VERSION_HEADER, API_VERSION);
        sendJson(exchange, 200, "{}");
    }

    /** Sends a registry error body {@code {"errors":[{"code":..,"message":..}]}}. */
    static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set(API_VERSION_HEADER, API_VERSION);
        sendJson(exchange, status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
    }

    /** Sends a small JSON body (none for HEAD, with its length declared all the same). */
    static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Stops at once, closing open connections, and ends the handler threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
