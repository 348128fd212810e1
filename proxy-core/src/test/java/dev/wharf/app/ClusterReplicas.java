package dev.wharf.app;

import dev.wharf.testing.InProcessWharf;
import dev.wharf.config.ConfigLoader;
import dev.wharf.storage.blob.s3.S3ProxyProcess;
import dev.wharf.storage.testing.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * In-process replicas of one cluster for tests: one PostgreSQL schema, the Redis at its local port, a cluster
 * secret, and one blob store, a directory or a fresh bucket on an s3proxy that the caller owns (started here on
 * first use, closed by the caller).
 */
final class ClusterReplicas {
    /** Where the replicas' blobs live. */
    enum Blobs { FILESYSTEM, S3 }

    private static S3ProxyProcess s3;

    private final Path dir;
    private final String metadataUrl;
    private final String postgresUser;
    private final String secret;
    private final String blobs;

    ClusterReplicas(Path dir, String metadataUrl, String postgresUser, String secret, Blobs blobs) throws IOException, InterruptedException {
        this.dir = dir;
        this.metadataUrl = metadataUrl;
        this.postgresUser = postgresUser;
        this.secret = secret;
        this.blobs = blobs == Blobs.S3 ? bucket() : "{ type: filesystem, path: \"" + dir.resolve("blobs") + "\" }";
    }

    private static String bucket() throws IOException, InterruptedException {
        if (s3 == null) {
            s3 = S3ProxyProcess.start();
        }
        String bucket = "cluster-" + UUID.randomUUID();
        s3.createBucket(bucket);
        return "{ type: s3, endpoint: \"%s\", region: us-east-1, bucket: \"%s\", accessKey: \"%s\", secretKey: \"%s\", pathStyle: true, partSize: 5MiB }"
                .formatted(s3.endpoint(), bucket, S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY);
    }

    /** Starts replica {@code name} with these {@code repositories:} entries (YAML list lines). */
    WharfServer start(String name, String repositories) throws IOException, InterruptedException {
        int port = freePort();
        String user = postgresUser == null ? "" : ", username: " + postgresUser;
        String yaml = """
                server: { port: %d, bindAddress: 127.0.0.1 }
                storage:
                  blobs: %s
                  metadata: { type: postgres, url: "%s"%s }
                  coordination: { type: redis, url: "%s" }
                cache: { spoolPath: "%s" }
                cluster: { secret: "%s", advertiseUrl: "http://127.0.0.1:%d" }
                auth: { bootstrapToken: "%s" }
                repositories:
                %s""".formatted(port, blobs, metadataUrl, user, TestRedis.URL, dir.resolve("spool-" + name), secret, port,
                InProcessWharf.ADMIN_TOKEN, repositories);
        Path config = Files.writeString(dir.resolve(name + ".yaml"), yaml);
        return WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
    }

    /** Stops the s3proxy, for a class's {@code @AfterAll}. */
    static void stopS3() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
