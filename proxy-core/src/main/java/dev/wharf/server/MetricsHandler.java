package dev.wharf.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: every meter of {@link WharfMetrics} in the Prometheus text format, or in
 * OpenMetrics when the client's Accept asks for {@code application/openmetrics-text}. The scrape runs on
 * {@code scraper} (JVM meters read {@code /proc}), never on the event loop; when the scraper's queue is
 * full the answer is a {@code 503}.
 */
public final class MetricsHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);
    private static final String PATH = "/metrics";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final WharfMetrics metrics;
    private final Executor scraper;

    public MetricsHandler(WharfMetrics metrics, Executor scraper) {
        this.metrics = metrics;
        this.scraper = scraper;
    }

    @Override
    public void handle(Exchange exchange) {
        if (!exchange.path().equals(PATH)) {
            exchange.respond(HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders(), TEXT, "not found: " + exchange.path() + "\n");
            return;
        }
        if (!exchange.method().equals(HttpMethod.GET) && !exchange.method().equals(HttpMethod.HEAD)) {
            exchange.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, "GET, HEAD"),
                    TEXT, "method not allowed: " + exchange.method() + "\n");
            return;
        }
        String accept = exchange.requestHeaders().get(HttpHeaderNames.ACCEPT, "");
        String type = accept.contains("application/openmetrics-text") ? WharfMetrics.OPENMETRICS_FORMAT : WharfMetrics.TEXT_FORMAT;
        CompletableFuture<byte[]> scraped;
        try {
            scraped = CompletableFuture.supplyAsync(() -> scrape(type), scraper);
        } catch (RejectedExecutionException e) {
            exchange.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, new DefaultHttpHeaders(), TEXT, "too many scrapes at once\n");
            return;
        }
        // Bytes, not a buffer, cross back: if the event loop is gone, nothing is left to release.
        scraped.whenCompleteAsync((body, err) -> {
            if (err != null) {
                LOG.warn("metrics scrape failed", err);
                exchange.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders(), TEXT, "scrape failed\n");
            } else {
                HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, type)
                        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(body));
            }
        }, exchange.ctx().executor());
    }

    private byte[] scrape(String type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            metrics.scrape(out, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
