package dev.wharf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An upstream that answers with exactly the bytes a test scripts, for answers no well-behaved server library
 * sends: a HEAD without a length, a {@code Content-Length} that lies, a connection accepted and never
 * answered. Each connection serves one request; the script maps its request line to the raw response, or
 * to null to hold the connection open without answering.
 */
public final class ScriptedUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile Function<String, byte[]> script;

    private ScriptedUpstream(Function<String, byte[]> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public static ScriptedUpstream start(Function<String, byte[]> script) {
        try {
            return new ScriptedUpstream(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An upstream that accepts connections and never answers. */
    public static ScriptedUpstream hung() {
        return start(line -> null);
    }

    /** Replaces the script for the requests to come. */
    public void script(Function<String, byte[]> next) {
        this.script = next;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The request lines received, in order. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** A raw response: status line, the headers given, a blank line, the body. */
    public static byte[] response(String statusLine, String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((statusLine + "\r\n" + headers + (headers.isEmpty() ? "" : "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            String requestLine = readHead(in);
            if (requestLine == null) {
                socket.close();
                return;
            }
            requestLines.add(requestLine);
            byte[] answer = script.apply(requestLine);
            if (answer == null) {
                held.add(socket);
                return;
            }
            socket.getOutputStream().write(answer);
            socket.getOutputStream().flush();
            socket.close();
        } catch (IOException e) {
            // The client went away.
        }
    }

    /** Reads up to the blank line; returns the request line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.substring(0, head.indexOf("\r\n"));
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
