package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The registry API as a push client speaks it, one request at a time over HTTP/1.1: any method, any
 * headers, a body that is absent, in memory, or streamed from a supplier (with a declared length, or
 * chunked as docker sends a PATCH without {@code Content-Range}). Redirects are not followed, locations are
 * resolved against the registry's base URL, and every request is bounded. Requests carry the admin token
 * ({@link WharfProcess#ADMIN_TOKEN}, as Bearer) unless they name an {@code Authorization} of their own.
 */
public final class RegistryClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final URI base;

    /** A client of the registry at {@code baseUrl} ({@code http://127.0.0.1:<port>}). */
    public RegistryClient(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    /** {@code <base>/v2/<path>}. */
    public String v2(String path) {
        return base.resolve("/v2/" + path).toString();
    }

    /** {@code location} (absolute, or relative as RFC 7231 allows) as an absolute URL. */
    public String resolve(String location) {
        return base.resolve(location).toString();
    }

    /** {@code url} with one more query parameter, whether or not it has a query already. */
    public static String withQuery(String url, String name, String value) {
        return url + (URI.create(url).getRawQuery() == null ? "?" : "&") + name + "=" + value;
    }

    /** A request without a body; {@code headers} are name/value pairs. */
    public HttpProbe.Reply send(String method, String url, String... headers) {
        return send(method, url, HttpRequest.BodyPublishers.noBody(), headers);
    }

    /** A request whose body is {@code body}, sent with its Content-Length. */
    public HttpProbe.Reply send(String method, String url, byte[] body, String... headers) {
        return send(method, url, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    /** A request whose body of {@code length} bytes streams from {@code body}, never held in memory. */
    public HttpProbe.Reply sendStreamed(String method, String url, Supplier<InputStream> body, long length, String... headers) {
        return send(method, url, HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), length),
                headers);
    }

    /** A request whose body streams from {@code body} with chunked transfer encoding: no Content-Length at all. */
    public HttpProbe.Reply sendChunked(String method, String url, Supplier<InputStream> body, String... headers) {
        return send(method, url, HttpRequest.BodyPublishers.ofInputStream(body), headers);
    }

    private HttpProbe.Reply send(String method, String url, HttpRequest.BodyPublisher body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers: " + headers.length + " strings (expected: name/value pairs)");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).method(method, body);
        boolean authorized = false;
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
            authorized |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!authorized) {
            builder.header("Authorization", "Bearer " + WharfProcess.ADMIN_TOKEN);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new HttpProbe.Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + url, e);
        }
    }
}
