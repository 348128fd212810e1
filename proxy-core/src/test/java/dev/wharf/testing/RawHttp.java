package dev.wharf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A plain-socket HTTP/1.1 client for tests that need what library clients smooth over: several lines of one
 * header (as Go clients send {@code Accept}), HEAD responses without a body, bodies cut short, and what the
 * server sends byte for byte. One request per connection.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** A response as received; {@code complete} is false when the connection ended before the declared body did. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body, boolean complete) {
        /** The first value of a header, by case-insensitive name. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length > 300 ? body.length + " bytes" : text());
        }
    }

    /** Sends {@code method target} with {@code headers} (name, value pairs; a name may repeat) and reads the reply. */
    public static Response send(int port, String method, String target, List<String[]> headers, Duration timeout) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        for (String[] h : headers) {
            request.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        request.append("\r\n");
        return exchange(port, request.toString().getBytes(StandardCharsets.ISO_8859_1), method.equals("HEAD"), timeout);
    }

    /** A GET with the given headers. */
    public static Response get(int port, String target, String... nameValues) {
        return send(port, "GET", target, pairs(nameValues), Duration.ofSeconds(30));
    }

    /** A HEAD with the given headers. */
    public static Response head(int port, String target, String... nameValues) {
        return send(port, "HEAD", target, pairs(nameValues), Duration.ofSeconds(30));
    }

    /** Writes {@code raw} as it is and reads one response. */
    public static Response exchange(int port, byte[] raw, boolean head, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(raw);
            out.flush();
            return read(socket.getInputStream(), head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String[]> pairs(String... nameValues) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            pairs.add(new String[] {nameValues[i], nameValues[i + 1]});
        }
        return pairs;
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed before a response (an empty reply)");
        }
        while (statusLine.startsWith("HTTP/1.1 1")) {
            while (!line(in).isEmpty()) {
                // an interim response's headers
            }
            statusLine = line(in);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head || status == 204 || status == 304) {
            return new Response(status, headers, body.toByteArray(), true);
        }
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        boolean complete;
        try {
            if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
                complete = chunked(in, body);
            } else if (length != null) {
                complete = fixed(in, body, Long.parseLong(length.get(0)));
            } else {
                in.transferTo(body);
                complete = true;
            }
        } catch (SocketTimeoutException e) {
            complete = false;
        }
        return new Response(status, headers, body.toByteArray(), complete);
    }

    private static boolean fixed(InputStream in, ByteArrayOutputStream body, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return false;
            }
            body.write(buf, 0, n);
            left -= n;
        }
        return true;
    }

    private static boolean chunked(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String size = line(in);
            if (size == null) {
                return false;
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                return true;
            }
            if (!fixed(in, body, n)) {
                return false;
            }
            line(in);
        }
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = out.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }
}
