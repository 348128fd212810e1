package dev.wharf.bench;

import dev.wharf.codec.Digest;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.WharfConfig;
import dev.wharf.app.BuiltInFormats;
import dev.wharf.app.WharfServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Wharf started in this JVM the way {@code serve --config} starts it: a YAML file written to a temp
 * directory, loaded with {@link ConfigLoader#load}, then {@link WharfServer#start}. It listens on a free
 * loopback port, keeps its data on the embedded default (filesystem blobs, embedded metadata, local
 * coordination) in that directory, and has one docker remote, {@value #REPO}, in front of an upstream.
 */
public final class WharfUnderTest implements AutoCloseable {
    /** The key of the remote repository in front of the upstream. */
    public static final String REPO = "up";

    private final Path dir;
    private final WharfServer server;

    private WharfUnderTest(Path dir, WharfServer server) {
        this.dir = dir;
        this.server = server;
    }

    /** Starts Wharf with its remote {@value #REPO} pointing at {@code http://127.0.0.1:<upstreamPort>}. */
    public static WharfUnderTest start(int upstreamPort) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("wharf-bench-server");
        try {
            Path yaml = dir.resolve("wharf.yaml");
            Files.writeString(yaml, """
                    server: { bindAddress: 127.0.0.1, port: 0 }
                    storage:
                      blobs: { type: filesystem, path: "%1$s/blobs" }
                      metadata: { type: embedded, path: "%1$s/meta" }
                      coordination: { type: local }
                    repositories:
                      - { key: %2$s, format: docker, type: remote, url: "http://127.0.0.1:%3$d", metadataTtl: 10m }
                    """.formatted(dir, REPO, upstreamPort));
            WharfConfig config = ConfigLoader.load(yaml, Map.of(), new BuiltInFormats());
            return new WharfUnderTest(dir, WharfServer.start(config));
        } catch (IOException | InterruptedException | RuntimeException e) {
            TempTree.delete(dir);
            throw e;
        }
    }

    /** The port Wharf listens on. */
    public int port() {
        return server.port();
    }

    /** The request path of blob {@code digest} of image {@code image} through the remote. */
    public static String blobPath(String image, Digest digest) {
        return "/v2/" + REPO + "/" + image + "/blobs/" + digest;
    }

    /** Where the filesystem blob store keeps a committed blob (its documented layout: sha256/&lt;2 hex&gt;/&lt;64 hex&gt;). */
    public Path blobFile(Digest digest) {
        return dir.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    /** Stops Wharf and deletes its data. */
    @Override
    public void close() throws IOException {
        server.stop();
        TempTree.delete(dir);
    }
}
