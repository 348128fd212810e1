package dev.wharf.server;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (serving, not shutting down). A ready
 * replica that runs degraded (its shared coordination unreachable) stays ready, since it keeps serving,
 * and says why in the body.
 */
public final class HealthHandler implements RequestHandler {
    private final BooleanSupplier ready;
    private final Supplier<List<String>> degraded;

    public HealthHandler(BooleanSupplier ready) {
        this(ready, List::of);
    }

    /** @param degraded one line per way the replica serves degraded; empty when it serves fully */
    public HealthHandler(BooleanSupplier ready, Supplier<List<String>> degraded) {
        this.ready = ready;
        this.degraded = degraded;
    }

    @Override
    public void handle(Exchange exchange) {
        String path = exchange.path();
        if (path.equals("/health/live")) {
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain; charset=utf-8", "live\n");
        } else if (path.equals("/health/ready")) {
            boolean ok = ready.getAsBoolean();
            StringBuilder body = new StringBuilder(ok ? "ready\n" : "shutting down\n");
            degraded.get().forEach(line -> body.append("degraded: ").append(line).append('\n'));
            exchange.respond(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, new DefaultHttpHeaders(),
                    "text/plain; charset=utf-8", body.toString());
        } else {
            exchange.respond(HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders(), "text/plain; charset=utf-8",
                    "not found: " + path + "\n");
        }
    }
}
