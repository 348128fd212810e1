package dev.wharf.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.codec.Printable;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.server.WharfMetrics;
import dev.wharf.server.WharfMetrics.RepositoryCounts;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.MetadataStore;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The admin API's statistics, {@value #ROUTE}: per repository, the requests, hits, misses and bytes served and
 * fetched from upstream since this replica started (from the request meters, see
 * {@link WharfMetrics#repositoryCounts()}), and the storage, entry count and last access from the metadata store
 * (at most {@link #STORAGE_TTL} old); {@code GET /api/v1/stats/<key>} answers one repository. Admins only.
 */
public final class StatsApiHandler implements ApiHandler {
    /** The path this handler serves. */
    public static final String ROUTE = "/api/v1/stats";
    /** How long a repository's storage sum is reused: computing it lists all its entries. */
    static final Duration STORAGE_TTL = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final List<ApiOperation> OPERATIONS = List.of(
            ApiOperation.admin("GET", ROUTE, List.of(), 200),
            ApiOperation.admin("GET", ROUTE + "/{key}", List.of(), 200, 404));
    private static final List<String> TOTALS = List.of("hits", "misses", "requests", "bytesServed", "bytesFromUpstream",
            "storageBytes", "objects");

    private final AdminAccess admins;
    private final Supplier<List<RepositoryConfig>> repositories;
    private final WharfMetrics metrics;
    private final StoredUsage storage;
    private final Instant since;

    /**
     * @param repositories the repositories served now, in configuration order
     * @param executor     where storage sums are computed (not an event loop)
     * @param since        when this replica started counting
     */
    public StatsApiHandler(AdminAccess admins, Supplier<List<RepositoryConfig>> repositories, WharfMetrics metrics,
                           MetadataStore metadata, Executor executor, Instant since) {
        this.admins = admins;
        this.repositories = repositories;
        this.metrics = metrics;
        this.storage = new StoredUsage(metadata, executor, STORAGE_TTL);
        this.since = since;
    }

    @Override
    public String route() {
        return ROUTE;
    }

    @Override
    public List<ApiOperation> operations() {
        return OPERATIONS;
    }

    @Override
    public void handle(Exchange exchange) {
        String path = exchange.path();
        String key = path.equals(ROUTE) ? null : path.substring(ROUTE.length() + 1);
        if (key != null && (key.isEmpty() || key.contains("/"))) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "not found: " + path);
            return;
        }
        admins.admit(exchange, caller -> {
            if (!exchange.method().equals(HttpMethod.GET) && !exchange.method().equals(HttpMethod.HEAD)) {
                HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                ErrorResponses.json(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, headers,
                        exchange.method() + " " + path + " (expected GET)");
            } else if (key == null) {
                all(exchange);
            } else {
                one(exchange, key);
            }
        });
    }

    private void all(Exchange exchange) {
        List<RepositoryConfig> known = repositories.get();
        Map<String, RepositoryCounts> counts = metrics.repositoryCounts();
        List<CompletableFuture<Map<String, Object>>> rows = known.stream().map(r -> row(r, counts)).toList();
        exchange.when(CompletableFuture.allOf(rows.toArray(CompletableFuture[]::new)), (v, error) -> {
            if (error != null) {
                throw new IllegalStateException("reading repository storage failed", Futures.unwrap(error));
            }
            List<Map<String, Object>> stats = rows.stream().map(CompletableFuture::join).toList();
            Map<String, Object> total = new LinkedHashMap<>();
            TOTALS.forEach(field -> total.put(field, stats.stream().mapToLong(s -> (Long) s.get(field)).sum()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("since", since.toString());
            body.put("repositories", stats);
            body.put("total", total);
            respond(exchange, body);
        });
    }

    private void one(Exchange exchange, String key) {
        Optional<RepositoryConfig> repository = repositories.get().stream().filter(r -> r.key().equals(key)).findFirst();
        if (repository.isEmpty()) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "no repository " + Printable.of(key));
            return;
        }
        exchange.when(row(repository.get(), metrics.repositoryCounts()), (stats, error) -> {
            if (error != null) {
                throw new IllegalStateException("reading repository storage failed", Futures.unwrap(error));
            }
            respond(exchange, stats);
        });
    }

    /** A repository's statistics object, its fields in the order the OpenAPI document lists them. */
    private CompletableFuture<Map<String, Object>> row(RepositoryConfig repository, Map<String, RepositoryCounts> counts) {
        RepositoryCounts c = counts.getOrDefault(repository.key(), RepositoryCounts.NONE);
        return storage.of(repository.key()).thenApply(usage -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("key", repository.key());
            fields.put("format", repository.format());
            fields.put("type", repository.type().id());
            fields.put("hits", c.hits());
            fields.put("misses", c.misses());
            fields.put("requests", c.requests());
            fields.put("bytesServed", c.bytesServed());
            fields.put("bytesFromUpstream", c.bytesFromUpstream());
            fields.put("storageBytes", usage.bytes());
            fields.put("objects", usage.objects());
            fields.put("lastAccess", usage.lastAccess() == null ? null : usage.lastAccess().toString());
            return fields;
        });
    }

    private static void respond(Exchange exchange, Object body) {
        try {
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), JSON_TYPE, JSON.writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
