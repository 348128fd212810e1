package dev.wharf.e2e.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Wharf's command line, packed into a jar by {@code WharfProcessTest} to prove the harness:
 * {@code serve --config <file>} listens on the config's port and answers {@code /health/ready}.
 * {@code FAKE_WHARF_MODE=exit} exits before listening; {@code leak} prints a Netty-style leak report on SIGTERM.
 * Uses JDK classes only, and no nested classes, so that its one class file is the whole program.
 */
public final class FakeWharfMain {
    private FakeWharfMain() {
    }

    /** Entry point, as {@code java -jar fake.jar serve --config <file>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].equals("serve") || !args[1].equals("--config")) {
            System.err.println("usage: serve --config <file>");
            System.exit(2);
        }
        String mode = System.getenv().getOrDefault("FAKE_WHARF_MODE", "normal");
        System.out.println("fake wharf: leakDetection=" + System.getProperty("io.netty.leakDetection.level")
                + " secret=" + System.getenv("E2E_UPSTREAM_PASSWORD") + " mode=" + mode);
        if (mode.equals("exit")) {
            System.exit(3);
        }
        Matcher port = Pattern.compile("port: (\\d+)").matcher(Files.readString(Path.of(args[2])));
        if (!port.find()) {
            System.err.println("no server port in " + args[2]);
            System.exit(2);
        }
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1))), 16);
        server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (mode.equals("leak")) {
                System.err.println("LEAK: ByteBuf.release() was not called before it's garbage-collected.");
            }
            System.out.println("fake wharf: stopping");
        }));
    }
}
