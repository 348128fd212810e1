package dev.wharf.format;

import dev.wharf.cache.FillResponder;
import dev.wharf.cache.LastAccess;
import dev.wharf.server.Exchange;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers a request with what a repository {@link Found}: a stored file from the blob store (ranges,
 * conditional requests, a HEAD from metadata alone), a fill followed from its first byte, the upstream's
 * description of uncached content, or a 404. A stored file whose blob has gone is forgotten and looked up
 * once more, so a cached entry without its bytes heals instead of failing forever.
 */
public final class FileServer {
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Executor fileExecutor;
    private final BlobRedirects redirects;
    private final Clock clock;
    private final ContentResponder.Style style;
    private final FillResponder.FailureHandler failures;

    public FileServer(FormatContext context, ContentResponder.Style style, FillResponder.FailureHandler failures) {
        this.metadata = context.metadata();
        this.blobs = context.blobs();
        this.fileExecutor = context.fileExecutor();
        this.redirects = BlobRedirects.of(context);
        this.clock = context.clock();
        this.style = style;
        this.failures = failures;
    }

    /**
     * Serves what {@code find} yields; {@code forget} drops an entry whose blob is missing before {@code find}
     * runs again.
     */
    public void serve(Exchange exchange, Supplier<CompletableFuture<Found>> find,
                      Function<CachedEntry, CompletableFuture<Boolean>> forget) {
        serve(exchange, find, forget, true);
    }

    private void serve(Exchange exchange, Supplier<CompletableFuture<Found>> find,
                       Function<CachedEntry, CompletableFuture<Boolean>> forget, boolean retry) {
        exchange.when(find.get(), (found, err) -> {
            if (err != null) {
                failures.fail(exchange, err);
                return;
            }
            exchange.cacheStatus(found.status());
            if (found instanceof Found.Absent absent) {
                exchange.error(HttpResponseStatus.NOT_FOUND, "not found: " + absent.why());
            } else if (found instanceof Found.Described described) {
                exchange.respond(HttpResponseStatus.OK, described.headers(), Unpooled.EMPTY_BUFFER);
            } else if (found instanceof Found.Filling filling) {
                FillResponder.follow(exchange, filling.fill(), style.fillHeaders(), failures);
            } else {
                stored(exchange, (Found.Stored) found, find, forget, retry);
            }
        });
    }

    private void stored(Exchange exchange, Found.Stored stored, Supplier<CompletableFuture<Found>> find,
                        Function<CachedEntry, CompletableFuture<Boolean>> forget, boolean retry) {
        CachedEntry entry = stored.entry();
        LastAccess.touchIfDue(metadata, entry, clock);
        if (exchange.isHead() && exchange.requestHeaders().get(HttpHeaderNames.RANGE) == null) {
            // Answered from metadata alone, without opening the blob.
            HttpHeaders headers = style.headers(entry, entry.size());
            warn(headers, stored);
            exchange.respond(HttpResponseStatus.OK, headers, Unpooled.EMPTY_BUFFER);
            return;
        }
        exchange.when(blobs.open(entry.digest()), (content, err) -> {
            if (err != null) {
                failures.fail(exchange, err);
            } else if (content.isPresent()) {
                ContentResponder.serve(exchange, entry, content.get(), warningStyle(stored), fileExecutor, redirects);
            } else if (retry) {
                exchange.when(forget.apply(entry), (v, e) -> serve(exchange, find, forget, false));
            } else {
                failures.fail(exchange, new IllegalStateException("blob " + entry.digest() + " is missing from storage"));
            }
        });
    }

    private ContentResponder.Style warningStyle(Found.Stored stored) {
        if (stored.warning() == null) {
            return style;
        }
        return new ContentResponder.Style() {
            @Override
            public HttpHeaders headers(CachedEntry entry, long length) {
                HttpHeaders headers = style.headers(entry, length);
                warn(headers, stored);
                return headers;
            }

            @Override
            public void rangeNotSatisfiable(Exchange exchange, long size) {
                style.rangeNotSatisfiable(exchange, size);
            }
        };
    }

    private static void warn(HttpHeaders headers, Found.Stored stored) {
        if (stored.warning() != null) {
            headers.set(HttpHeaderNames.WARNING, stored.warning());
        }
    }
}
