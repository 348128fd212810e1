package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a TCP port on 127.0.0.1 that nobody listens on right now, for a child process to bind. */
public final class FreePort {
    private FreePort() {
    }

    /** A port that was free a moment ago; the small race with other processes is accepted in tests. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
