package dev.wharf.pypi;

import dev.wharf.codec.http.Accept;
import dev.wharf.codec.pypi.ProjectPage;
import dev.wharf.codec.pypi.SimpleFormat;
import dev.wharf.codec.pypi.SimpleHtml;
import dev.wharf.codec.pypi.SimpleJson;
import dev.wharf.server.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Answers a simple-API page in the form the client's {@code Accept} picks ({@link SimpleFormat#negotiate}:
 * PEP 691 JSON, or PEP 503 HTML), with {@code Vary: Accept}; a client that admits neither gets a 406.
 */
final class IndexResponder {
    private IndexResponder() {
    }

    /** The format to answer in, or empty after answering 406. */
    static Optional<SimpleFormat> negotiate(Exchange exchange) {
        Optional<SimpleFormat> format = SimpleFormat.negotiate(Accept.parse(exchange.headerValues(HttpHeaderNames.ACCEPT)));
        if (format.isEmpty()) {
            exchange.error(HttpResponseStatus.NOT_ACCEPTABLE, "the simple API is served as "
                    + SimpleFormat.JSON.mediaType() + ", " + SimpleFormat.HTML.mediaType() + " or text/html");
        }
        return format;
    }

    /** Answers {@code page}; {@code warning} is the {@code Warning} of a stale copy, or null. */
    static void page(Exchange exchange, SimpleFormat format, ProjectPage page, String warning) {
        send(exchange, format, warning, format == SimpleFormat.JSON ? SimpleJson.renderPage(page)
                : SimpleHtml.renderPage(page).getBytes(StandardCharsets.UTF_8));
    }

    /** Answers the project list; {@code warning} is the {@code Warning} of a stale copy, or null. */
    static void list(Exchange exchange, SimpleFormat format, List<String> names, String warning) {
        send(exchange, format, warning, format == SimpleFormat.JSON ? SimpleJson.renderList(names)
                : SimpleHtml.renderList(names).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Exchange exchange, SimpleFormat format, String warning, byte[] body) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (warning != null) {
            headers.set(HttpHeaderNames.WARNING, warning);
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, format.contentType());
        headers.set(HttpHeaderNames.VARY, "Accept");
        headers.set(HttpHeaderNames.CACHE_CONTROL, "max-age=0");
        exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(body));
    }
}
