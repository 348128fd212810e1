package dev.wharf.testing;

import dev.wharf.app.BuiltInFormats;
import dev.wharf.app.WharfServer;
import dev.wharf.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Wharf started in this JVM on a free port of 127.0.0.1, its data under a test directory, configured with
 * the YAML a test gives for its repositories (and any other top-level sections). Restartable on the same
 * data, as a process restarts.
 */
public final class InProcessWharf implements AutoCloseable {
    /**
     * The admin token tests send on writes ({@code Authorization: Bearer}): the bootstrap token of every
     * in-process Wharf ({@code auth.bootstrapToken}, unless the test's sections bring an {@code auth:} of their own).
     */
    public static final String ADMIN_TOKEN = "wharf-test-admin-7c1e2d3f4a5b6c7d8e9f0a1b";
    private final Path dir;
    private final String yaml;
    private WharfServer server;

    private InProcessWharf(Path dir, String yaml) {
        this.dir = dir;
        this.yaml = yaml;
    }

    /**
     * Starts Wharf with {@code sections} appended to a config of server, storage, cache and auth settings (a
     * {@code server:} section there replaces the default one: keep {@code port: 0, bindAddress: 127.0.0.1}; an
     * {@code auth:} one replaces {@code auth: { bootstrapToken: ADMIN_TOKEN }}).
     */
    public static InProcessWharf start(Path dir, String sections) {
        String server = sections.contains("server:") ? "" : "server: { port: 0, bindAddress: 127.0.0.1 }\n";
        String auth = sections.lines().anyMatch(line -> line.startsWith("auth:")) ? ""
                : "auth: { bootstrapToken: \"" + ADMIN_TOKEN + "\" }\n";
        String yaml = server + auth + """
                storage:
                  blobs: { type: filesystem, path: "%s" }
                  metadata: { type: embedded, path: "%s" }
                cache: { spoolPath: "%s" }
                """.formatted(dir.resolve("blobs"), dir.resolve("meta"), dir.resolve("spool")) + sections;
        InProcessWharf wharf = new InProcessWharf(dir, yaml);
        wharf.boot();
        return wharf;
    }

    private void boot() {
        try {
            Path config = Files.writeString(dir.resolve("wharf.yaml"), yaml);
            server = WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops and starts again on the same data (and a new port). */
    public void restart() {
        server.stop();
        boot();
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The admin API operations the server's handlers declare (the route walk checks the OpenAPI document against them). */
    public java.util.List<dev.wharf.api.ApiOperation> apiOperations() {
        return server.apiOperations();
    }

    /** Where committed blobs live. */
    public Path blobFile(dev.wharf.codec.Digest digest) {
        return dir.resolve("blobs").resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
