package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of an upstream port, that can be made to hang: once {@link #stall()}ed
 * it forwards nothing more in either direction on the connections it holds, and accepts new connections
 * without ever answering. What Wharf then sees is an upstream whose host is up and whose server is stuck:
 * connections open, requests swallowed, no byte back.
 */
public final class StallingRelay implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger swallowedReads = new AtomicInteger();
    private volatile boolean stalled;

    /** Listens on a free port of 127.0.0.1 and relays every connection to {@code 127.0.0.1:targetPort}. */
    public StallingRelay(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the relay on 127.0.0.1", e);
        }
        daemon("relay-accept", this::acceptLoop);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, forward nothing and answer nothing. */
    public void stall() {
        stalled = true;
    }

    /** How many reads of request bytes were swallowed since the stall: more than 0 once a request reached the hung upstream. */
    public int swallowedRequestReads() {
        return swallowedReads.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (stalled) {
                    daemon("relay-swallow", () -> pump(client, null, true));
                    continue;
                }
                Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                daemon("relay-request", () -> pump(client, upstream, true));
                daemon("relay-response", () -> pump(upstream, client, false));
            } catch (IOException e) {
                // Closed, or one connection failed: the loop condition decides.
            }
        }
    }

    /** Copies {@code from} to {@code to} until the end of input, swallowing instead once stalled (or always with no {@code to}). */
    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to == null ? null : to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (stalled || out == null) {
                    if (requests) {
                        swallowedReads.incrementAndGet();
                    }
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            if (to != null && !stalled) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // A side closed: the relay of this connection ends.
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops listening and closes every connection it holds. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }
}
