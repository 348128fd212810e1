package dev.wharf.server;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.BooleanSupplier;

/** {@code /health/live} (the process answers) and {@code /health/ready} (serving, not shutting down). */
public final class HealthHandler implements RequestHandler {
    private final BooleanSupplier ready;

    public HealthHandler(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public void handle(Exchange exchange) {
        String path = exchange.path();
        if (path.equals("/health/live")) {
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain; charset=utf-8", "live\n");
        } else if (path.equals("/health/ready")) {
            boolean ok = ready.getAsBoolean();
            exchange.respond(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, new DefaultHttpHeaders(),
                    "text/plain; charset=utf-8", ok ? "ready\n" : "shutting down\n");
        } else {
            exchange.respond(HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders(), "text/plain; charset=utf-8",
                    "not found: " + path + "\n");
        }
    }
}
