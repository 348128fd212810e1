package dev.wharf.storage.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} (from the PATH) on a free port of 127.0.0.1, without persistence, which a test
 * kills, pauses and starts again on the same port to play a Redis outage. Without the binary, tests needing
 * it are skipped, unless {@code CI=true} (see {@link TestRedis#requireOrSkip}).
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final long READY_MILLIS = 5_000;

    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    /** A server not started yet, on a port free now; skips (or, under CI, fails) without redis-server. */
    public static RedisServerProcess onFreePort() throws IOException {
        TestRedis.requireOrSkip(installed(), "redis-server is not on the PATH");
        try (ServerSocket probe = new ServerSocket(0)) {
            return new RedisServerProcess(probe.getLocalPort());
        }
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it answers PING. */
    public RedisServerProcess start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                        + READY_MILLIS + " ms (alive: " + process.isAlive() + ")");
            }
            Thread.sleep(20);
        }
        return this;
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis-server on port " + port + " survived SIGKILL for 5 s");
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open, and nothing answers. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a paused server (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return "+PONG".equals(reply);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean installed() {
        try {
            return new ProcessBuilder("redis-server", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
