package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What a test does over HTTP, as a user's client would: small GETs and HEADs, streamed hashing GETs, raw partial reads. */
public final class HttpProbe {
    /** How long any single request may wait for its response headers. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private HttpProbe() {
    }

    /** A whole small response: status, headers and body bytes. */
    public record Reply(int status, HttpHeaders headers, byte[] body) {
        /** The first value of header {@code name}, if present. */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The {@code errors[0].code} of a registry error body, failing with the body when it has none. */
        public String errorCode() {
            try {
                JsonNode code = JSON.readTree(body).path("errors").path(0).path("code");
                if (!code.isTextual()) {
                    throw new AssertionError("status " + status + " without a registry error body: " + text());
                }
                return code.asText();
            } catch (IOException e) {
                throw new AssertionError("status " + status + " with a body that is not JSON: " + text(), e);
            }
        }

        /** The body as JSON, failing with the reply when it is not. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("status " + status + " with a body that is not JSON: " + text(), e);
            }
        }

        /** {@code sha256:<hex>} of the body. */
        public String digest() {
            return Sha256.of(body);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + headers.map() + " " + (body.length > 2000 ? body.length + " bytes" : text());
        }
    }

    /**
     * A body read to its end (or until the transfer broke) while hashing, never held in memory.
     * {@code failure} is the I/O error that ended an incomplete transfer, or null.
     */
    public record Streamed(int status, HttpHeaders headers, long bytes, String digest, IOException failure) {
        /** The Content-Length the server declared, if any. */
        public OptionalLong declaredLength() {
            return headers.firstValueAsLong("Content-Length");
        }

        /** True when the body ended normally and, if a length was declared, had exactly that many bytes. */
        public boolean completed() {
            return failure == null && declaredLength().stream().allMatch(length -> length == bytes);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + headers.map() + " read " + bytes + " bytes, " + digest
                    + (failure == null ? "" : ", failed: " + failure);
        }
    }

    /** The status line and headers of a raw request, and how many body bytes were read before closing. */
    public record Partial(String statusLine, String headers, long bodyBytesRead) {
    }

    /** GET {@code url} with header name/value pairs, body held in memory (for small bodies only). */
    public static Reply get(String url, String... headers) {
        return send(request(url, headers).GET().build());
    }

    /**
     * GET {@code url} on a connection of its own (no idle pooled connection that the server may be closing),
     * waiting at most {@code timeout} for the response; a connection closed without a response is thrown as
     * an {@link UncheckedIOException}.
     */
    public static Reply getOnNewConnection(Duration timeout, String url, String... headers) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return send(client, request(url, headers).timeout(timeout).GET().build());
    }

    /** HEAD {@code url} with header name/value pairs. */
    public static Reply head(String url, String... headers) {
        return send(request(url, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The status of a GET to {@code url}, or empty when nothing answered within {@code timeout}. */
    public static OptionalInt status(String url, Duration timeout) {
        return status(CLIENT, url, timeout);
    }

    /** Like {@link #status(String, Duration)}, over TLS trusting what {@code tls} trusts. */
    public static OptionalInt status(String url, Duration timeout, javax.net.ssl.SSLContext tls) {
        return status(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(tls).build(), url, timeout);
    }

    private static OptionalInt status(HttpClient client, String url, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
            return OptionalInt.of(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** GET {@code url}, hashing the body as it streams in; a broken transfer is reported in the result, not thrown. */
    public static Streamed getStreamed(String url, String... headers) {
        HttpResponse<InputStream> response = sendStreaming(request(url, headers).GET().build());
        MessageDigest sha = Sha256.newDigest();
        long total = 0;
        IOException failure = null;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                total += n;
            }
        } catch (IOException e) {
            failure = e;
        }
        return new Streamed(response.statusCode(), response.headers(), total, Sha256.digestString(sha), failure);
    }

    /**
     * Sends a raw HTTP/1.1 GET for {@code path} to {@code hostPort}, reads the response head and at most
     * {@code bodyBytes} bytes of body, then closes the socket: a client that gives up mid-download.
     */
    public static Partial readPartially(String hostPort, String path, long bodyBytes) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 5000);
            socket.setSoTimeout((int) RESPONSE_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            long read = 0;
            byte[] buffer = new byte[1 << 16];
            while (read < bodyBytes) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, bodyBytes - read));
                if (n < 0) {
                    break;
                }
                read += n;
            }
            int lineEnd = head.indexOf("\r\n");
            return new Partial(head.substring(0, lineEnd), head.substring(lineEnd + 2), read);
        } catch (IOException e) {
            throw new UncheckedIOException("raw GET " + path + " from " + hostPort, e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static HttpRequest.Builder request(String url, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers: " + headers.length + " strings (expected: name/value pairs)");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(RESPONSE_TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static Reply send(HttpRequest request) {
        return send(CLIENT, request);
    }

    private static Reply send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.uri(), e);
        }
    }

    private static HttpResponse<InputStream> sendStreaming(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.uri(), e);
        }
    }
}
