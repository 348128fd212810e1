package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.config.ConfigLoader;
import dev.wharf.storage.blob.s3.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A running Wharf on S3 aborts, every {@code gc.schedule}, the multipart uploads that a dead writer left
 * under its keys once they are older than {@code gc.uploadsMaxAge}: what a replica killed in the middle of
 * a fill leaves behind.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class S3StagingReaperTest {
    @TempDir
    Path dir;

    @Test
    void anOrphanedMultipartUploadIsAborted() throws Exception {
        String bucket = "reaper-" + UUID.randomUUID();
        try (S3ProxyProcess s3 = S3ProxyProcess.start(); S3Client raw = s3.client()) {
            s3.createBucket(bucket);
            String orphanKey = "edge/blobs/sha256/" + "ab".repeat(32);
            String orphan = raw.createMultipartUpload(b -> b.bucket(bucket).key(orphanKey)).uploadId();
            String foreignKey = "elsewhere/blobs/sha256/" + "cd".repeat(32);
            raw.createMultipartUpload(b -> b.bucket(bucket).key(foreignKey));

            Path config = Files.writeString(dir.resolve("wharf.yaml"), """
                    server: { port: 0, bindAddress: 127.0.0.1 }
                    storage:
                      blobs: { type: s3, endpoint: "%s", region: us-east-1, bucket: "%s", accessKey: "%s", secretKey: "%s", pathStyle: true, prefix: edge/ }
                      metadata: { type: embedded, path: "%s" }
                    cache: { spoolPath: "%s" }
                    gc: { schedule: 500ms, uploadsMaxAge: 1s }
                    """.formatted(s3.endpoint(), bucket, S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY,
                    dir.resolve("meta"), dir.resolve("spool")));
            WharfServer server = WharfServer.start(ConfigLoader.load(config, Map.of(), new BuiltInFormats()));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (uploads(raw, bucket, "edge/").contains(orphan) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(uploads(raw, bucket, "edge/")).as("uploads under the store's prefix").isEmpty();
                assertThat(uploads(raw, bucket, "elsewhere/")).as("uploads outside it are not the store's").hasSize(1);
            } finally {
                server.stop();
            }
        }
    }

    private static List<String> uploads(S3Client raw, String bucket, String prefix) {
        return raw.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().stream()
                .map(MultipartUpload::uploadId).toList();
    }
}
