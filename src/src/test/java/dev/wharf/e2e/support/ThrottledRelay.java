package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of an upstream port that forwards responses at most
 * {@code bytesPerSecond} per connection (requests pass at full speed), until {@link #unthrottle()}: a slow
 * upstream, so that a fill is still running when a test acts on it. Data is forwarded in pieces of 16 KiB.
 */
public final class ThrottledRelay implements AutoCloseable {
    private static final int PIECE = 16 * 1024;

    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong responseBytes = new AtomicLong();
    private volatile long bytesPerSecond;

    /** Listens on a free port of 127.0.0.1 and relays every connection to {@code 127.0.0.1:targetPort}. */
    public ThrottledRelay(int targetPort, long bytesPerSecond) {
        if (bytesPerSecond < PIECE) {
            throw new IllegalArgumentException("bytesPerSecond: " + bytesPerSecond + " (expected: at least " + PIECE + ")");
        }
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the relay on 127.0.0.1", e);
        }
        daemon("throttle-accept", this::acceptLoop);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, forward responses at full speed. */
    public void unthrottle() {
        bytesPerSecond = Long.MAX_VALUE;
    }

    /** Response bytes forwarded so far, over every connection. */
    public long responseBytes() {
        return responseBytes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                daemon("throttle-request", () -> pump(client, upstream, false));
                daemon("throttle-response", () -> pump(upstream, client, true));
            } catch (IOException e) {
                // Closed, or one connection failed: the loop condition decides.
            }
        }
    }

    /** Copies {@code from} to {@code to} until the end of input, pacing responses to the current rate. */
    private void pump(Socket from, Socket to, boolean response) {
        byte[] buffer = new byte[PIECE];
        long started = System.nanoTime();
        long sent = 0;
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                if (response) {
                    sent += n;
                    responseBytes.addAndGet(n);
                    pace(started, sent);
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // A side failed or went away: the relay of this connection ends, both ways.
            close(from);
            close(to);
        }
    }

    /** Sleeps until {@code sent} bytes since {@code started} are within the rate. */
    private void pace(long started, long sent) {
        long rate = bytesPerSecond;
        if (rate == Long.MAX_VALUE) {
            return;
        }
        long dueNanos = (long) (sent * 1e9 / rate);
        long aheadMillis = (dueNanos - (System.nanoTime() - started)) / 1_000_000;
        if (aheadMillis > 0) {
            Waits.sleep(Duration.ofMillis(aheadMillis));
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    /** Stops listening and closes every connection it holds. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        sockets.forEach(ThrottledRelay::close);
    }
}
