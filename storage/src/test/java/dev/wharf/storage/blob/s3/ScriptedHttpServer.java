package dev.wharf.storage.blob.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A one-thread HTTP/1.1 server on 127.0.0.1 that answers each request with the next scripted exchange, for the
 * failure modes of S3 that s3proxy does not play: wrong statuses, bodies cut short, kept-alive connections closed
 * under the client. Records the request heads it read.
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** What to do with one request on {@code socket}; returns whether to keep the connection for another. */
    @FunctionalInterface
    interface Exchange {
        boolean answer(String requestHead, InputStream body, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Queue<Exchange> script = new ConcurrentLinkedQueue<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final Thread thread;

    ScriptedHttpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-http");
        thread.setDaemon(true);
        thread.start();
    }

    ScriptedHttpServer then(Exchange exchange) {
        script.add(exchange);
        return this;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
    }

    List<String> heads() {
        return heads;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** An answer with {@code status}, {@code headers} (CRLF-separated lines) and {@code body}, then what {@code keep} says. */
    static Exchange respond(String status, String headers, byte[] body, boolean keep) {
        return (head, in, out) -> {
            drainBody(head, in);
            out.write(("HTTP/1.1 " + status + "\r\n" + headers + (headers.isEmpty() ? "" : "\r\n")
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return keep;
        };
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                boolean keep = true;
                while (keep) {
                    String head = readHead(in);
                    if (head == null) {
                        break;
                    }
                    heads.add(head);
                    Exchange next = script.poll();
                    keep = next != null && next.answer(head, in, out);
                }
            } catch (IOException e) {
                // closed by the test, or by the client: the next connection gets the next exchange
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void drainBody(String head, InputStream in) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                long length = Long.parseLong(line.substring("content-length:".length()).trim());
                in.readNBytes((int) length);
            }
        }
    }
}
