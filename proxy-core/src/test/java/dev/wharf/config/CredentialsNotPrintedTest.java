package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials never appear in the text form of the configuration, which is what ends up in logs. */
class CredentialsNotPrintedTest {
    @TempDir
    Path dir;

    @Test
    void noSecretInToStringAnywhere() {
        WharfConfig config = new ConfigFiles(dir).load("""
                storage:
                  blobs: { type: s3, bucket: wharf, accessKey: AKIAEXAMPLE, secretKey: "${S3_SECRET}" }
                  metadata: { type: postgres, url: "jdbc:postgresql://127.0.0.1/wharf?user=wharf&password=pg-url-secret", password: pg-secret }
                  coordination: { type: redis, url: "redis://:redis-secret@127.0.0.1:6379" }
                auth: { bootstrapToken: admin-secret }
                cluster: { secret: cluster-secret }
                repositories:
                  - { key: dockerhub, format: docker, type: remote, url: "https://example.com", username: builder, password: hub-secret }
                """, Map.of("S3_SECRET", "s3-secret"));

        String text = config.toString();

        assertThat(text).doesNotContain("s3-secret", "pg-url-secret", "pg-secret", "redis-secret", "hub-secret", "admin-secret",
                "cluster-secret");
        // What is not secret is still there to debug with.
        assertThat(text).contains("bucket=wharf", "accessKey=AKIAEXAMPLE", "username=builder", "password=****",
                "secretKey=****", "redis://****@127.0.0.1:6379", "password=****", "bootstrapToken=****", "ClusterConfig[secret=****, advertiseUrl=null]");
        assertThat(config.repository("dockerhub").orElseThrow().password()).isEqualTo("hub-secret");
    }

    @Test
    void absentSecretPrintsAsNull() {
        assertThat(BlobsConfig.filesystem(dir).toString()).contains("secretKey=null");
        assertThat(MetadataConfig.embedded(dir).toString()).contains("password=null");
    }

    @Test
    void errorAboutAUrlDoesNotEchoItsCredentials() {
        String message = new ConfigFiles(dir).error("""
                repositories:
                  - { key: dockerhub, format: docker, type: remote, url: "ftp://user:url-secret@example.com" }
                """);

        assertThat(message).isEqualTo("repositories[0].url: \"ftp://****@example.com\" is not an absolute http(s) URL");
    }

    @Test
    void typeErrorOnASecretDoesNotEchoIt() {
        String message = new ConfigFiles(dir).error("""
                repositories:
                  - { key: dockerhub, format: docker, type: remote, url: "https://example.com", password: [hub-secret] }
                """);

        assertThat(message).isEqualTo("repositories[0].password: expected a string, got a list");
    }
}
