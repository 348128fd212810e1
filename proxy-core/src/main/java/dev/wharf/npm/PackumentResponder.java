package dev.wharf.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.Digest;
import dev.wharf.codec.http.Accept;
import dev.wharf.codec.http.HeaderValues;
import dev.wharf.codec.npm.PackageName;
import dev.wharf.codec.npm.Packuments;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Answers a packument request: every {@code dist.tarball} pointed at this repository on the host the client
 * used, the abbreviated form when the {@code Accept} header prefers it, an ETag of the bytes sent (a matching
 * {@code If-None-Match} gets a 304), and a stale copy's {@code Warning}. Rewriting and rendering run on the file
 * executor: a packument may be megabytes.
 */
final class PackumentResponder {
    private final Executor executor;

    PackumentResponder(Executor executor) {
        this.executor = executor;
    }

    /** Serves {@code found} (empty: a 404) for {@code name} as repository {@code key} serves it. */
    void respond(Exchange exchange, String key, PackageName name, CompletableFuture<Optional<NpmRepository.Packument>> found) {
        boolean abbreviated = abbreviated(exchange);
        String base = base(exchange, key) + name + "/-/";
        CompletableFuture<Optional<Rendered>> rendered = found.thenApplyAsync(packument -> packument.map(p -> {
            ObjectNode pointed = Packuments.rewriteTarballs(p.document(), file -> base + encode(file));
            byte[] body = Packuments.render(abbreviated ? Packuments.abbreviate(pointed) : pointed);
            return new Rendered(body, p.warning(), p.status());
        }), executor);
        exchange.when(rendered, (result, err) -> {
            if (err != null) {
                NpmResponses.failure(exchange, err, "the packument of " + name);
            } else if (result.isEmpty()) {
                NpmResponses.error(exchange, HttpResponseStatus.NOT_FOUND, "package " + name + " not found in repository " + key);
            } else {
                exchange.cacheStatus(result.get().status());
                send(exchange, result.get(), abbreviated);
            }
        });
    }

    private static void send(Exchange exchange, Rendered rendered, boolean abbreviated) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, abbreviated ? Packuments.ABBREVIATED : NpmResponses.JSON);
        headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT);
        String etag = "W/\"" + Digest.sha256Of(rendered.body()).hex().substring(0, 32) + "\"";
        headers.set(HttpHeaderNames.ETAG, etag);
        if (rendered.warning() != null) {
            headers.set(HttpHeaderNames.WARNING, rendered.warning());
        }
        if (etag.equals(exchange.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
            exchange.respond(HttpResponseStatus.NOT_MODIFIED, headers, Unpooled.EMPTY_BUFFER);
        } else {
            exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(rendered.body()));
        }
    }

    /** True when the client prefers the abbreviated form to the full one. */
    static boolean abbreviated(Exchange exchange) {
        Accept accept = Accept.parse(exchange.headerValues(HttpHeaderNames.ACCEPT));
        if (accept.isEmpty()) {
            return false;
        }
        List<String> preferred = accept.preferred(List.of(Packuments.FULL, Packuments.ABBREVIATED));
        // Equal weights (*/*) keep the full form, listed first.
        return !preferred.isEmpty() && preferred.get(0).equals(Packuments.ABBREVIATED);
    }

    /** {@code http(s)://<host>/repository/<key>/}, the host as the client named it. */
    static String base(Exchange exchange, String key) {
        String host = exchange.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null || !HeaderValues.isSafe(host, 255) || host.contains("/") || host.contains("@") || host.isBlank()) {
            host = "localhost";
        }
        return (exchange.isSecure() ? "https://" : "http://") + host + RepositoryPath.PREFIX + key + "/";
    }

    private static String encode(String file) {
        return URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Rendered(byte[] body, String warning, CacheStatus status) {
    }
}
