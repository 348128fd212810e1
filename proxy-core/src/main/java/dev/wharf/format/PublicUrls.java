package dev.wharf.format;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.regex.Pattern;

/**
 * Absolute URLs back to this Wharf, for documents that must carry one (Cargo's {@code config.json}): the scheme
 * the client connected with and the {@code Host} it sent, when that is a plain host and port.
 */
public final class PublicUrls {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

    private PublicUrls() {
    }

    /** The URL of repository {@code key}'s root, without the trailing slash; the request's own address when Host is odd. */
    public static String repository(Exchange exchange, String key) {
        String host = exchange.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null || !HOST.matcher(host).matches()) {
            host = exchange.ctx().channel().localAddress().toString().replaceFirst("^.*/", "");
        }
        return (exchange.isSecure() ? "https://" : "http://") + host + RepositoryPath.PREFIX + key;
    }
}
