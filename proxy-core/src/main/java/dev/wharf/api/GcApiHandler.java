package dev.wharf.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.gc.GcBusyException;
import dev.wharf.gc.GcReport;
import dev.wharf.gc.GcScheduler;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The admin API's garbage collection resource, {@value #ROUTE}: {@code POST} runs a collection now and answers its
 * report ({@code ?dryRun=true}: what would go, nothing deleted), {@code GET} answers the last report of this replica.
 * 409 when another replica is collecting, 404 for a {@code GET} before any collection ran. Admins only
 * ({@link AdminAccess}).
 */
public final class GcApiHandler implements ApiHandler {
    /** The path this handler serves. */
    public static final String ROUTE = "/api/v1/gc";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final List<ApiOperation> OPERATIONS = List.of(
            ApiOperation.admin("POST", ROUTE, List.of("dryRun"), 200, 409, 500),
            ApiOperation.admin("GET", ROUTE, List.of(), 200, 404));

    private final GcScheduler gc;
    private final AdminAccess admins;

    public GcApiHandler(GcScheduler gc, AdminAccess admins) {
        this.gc = Objects.requireNonNull(gc, "gc");
        this.admins = Objects.requireNonNull(admins, "admins");
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
        if (!exchange.path().equals(ROUTE)) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "not found: " + exchange.path());
            return;
        }
        admins.admit(exchange, caller -> serve(exchange));
    }

    private void serve(Exchange exchange) {
        HttpMethod method = exchange.method();
        if (method.equals(HttpMethod.POST)) {
            boolean dryRun = exchange.query("dryRun").map(Boolean::parseBoolean).orElse(false);
            exchange.when(gc.runNow(dryRun), (report, error) -> {
                if (error == null) {
                    respond(exchange, HttpResponseStatus.OK, report);
                } else if (Futures.unwrap(error) instanceof GcBusyException busy) {
                    exchange.error(HttpResponseStatus.CONFLICT, busy.getMessage());
                } else {
                    exchange.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "garbage collection failed: " + Futures.unwrap(error).getMessage());
                }
            });
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            gc.last().ifPresentOrElse(report -> respond(exchange, HttpResponseStatus.OK, report),
                    () -> exchange.error(HttpResponseStatus.NOT_FOUND, "no garbage collection has run on this replica yet"));
        } else {
            DefaultHttpHeaders headers = new DefaultHttpHeaders();
            headers.set(HttpHeaderNames.ALLOW, "GET, HEAD, POST");
            exchange.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, headers, JSON_TYPE,
                    "{\"status\":405,\"error\":\"Method Not Allowed\",\"message\":\"" + method + " " + ROUTE
                            + " (expected GET or POST)\"}\n");
        }
    }

    private static void respond(Exchange exchange, HttpResponseStatus status, GcReport report) {
        exchange.respond(status, new DefaultHttpHeaders(), JSON_TYPE, json(report) + "\n");
    }

    /** The report as a JSON object, its fields as the record names them, {@code startedAt} in ISO-8601. */
    static String json(GcReport report) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("startedAt", report.startedAt().toString());
        fields.put("durationMillis", report.durationMillis());
        fields.put("dryRun", report.dryRun());
        fields.put("entriesEvicted", report.entriesEvicted());
        fields.put("blobsRemoved", report.blobsRemoved());
        fields.put("bytesFreed", report.bytesFreed());
        fields.put("blobsKept", report.blobsKept());
        fields.put("bytesStored", report.bytesStored());
        fields.put("uploadsReaped", report.uploadsReaped());
        fields.put("stagingReaped", report.stagingReaped());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
