package dev.wharf.api;

import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The admin API's OpenAPI 3.1 document, {@value #ROUTE}, from the resource {@value #RESOURCE} next to this class.
 * Anyone may read it: it describes the API and holds no secrets.
 */
public final class OpenApiHandler implements ApiHandler {
    /** The path this handler serves. */
    public static final String ROUTE = "/api/v1/openapi.json";
    /** The document's resource, relative to this class. */
    public static final String RESOURCE = "openapi.json";
    private static final List<ApiOperation> OPERATIONS = List.of(new ApiOperation("GET", ROUTE, List.of(), List.of(200)));

    private final byte[] document;

    /** Reads the document once, at start, so that serving it never touches the class path. */
    public OpenApiHandler() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        } else if (!exchange.method().equals(HttpMethod.GET) && !exchange.method().equals(HttpMethod.HEAD)) {
            HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            ErrorResponses.json(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, headers,
                    exchange.method() + " " + ROUTE + " (expected GET)");
        } else {
            HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            // respond() owns and releases the wrapper; the shared array under it is only read.
            exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(document));
        }
    }
}
