package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Wharf runs with when a key, a section or the whole file is left out. */
class DefaultsTest {
    private static final Path WORKING_DIR = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void embeddedDefaultIsTheDocumentedOne() {
        Path data = dir.resolve("data");

        WharfConfig config = ConfigLoader.embeddedDefault(data, Map.of(), TestFormats.INSTANCE);

        assertThat(config.server()).isEqualTo(ServerConfig.onPort(8080));
        assertThat(config.storage()).isEqualTo(new StorageConfig(BlobsConfig.filesystem(data.resolve("blobs")),
                MetadataConfig.embedded(data.resolve("meta")), CoordinationConfig.IN_PROCESS, null));
        assertThat(config.cache()).isEqualTo(new CacheConfig(Duration.ofSeconds(60), data.resolve("spool")));
        assertThat(config.auth().anonymousRead()).isTrue();
        // What the formats add, merged in the catalog's order.
        assertThat(config.section("docker", TestFormats.Mirror.class).defaultRepository()).isEqualTo("dockerhub");
        assertThat(config.repositories()).containsExactly(
                RepositoryConfig.remote("dockerhub", "docker", URI.create("https://registry-1.docker.io"),
                        new TestFormats.NoOptions()),
                RepositoryConfig.remote("pypi", "pypi", URI.create("https://pypi.example.com"),
                        new TestFormats.PypiRemote(Duration.ofDays(30))));
    }

    @Test
    void embeddedDefaultTakesEnvironmentOverrides() {
        WharfConfig config = ConfigLoader.embeddedDefault(dir, Map.of(
                "WHARF_SERVER_PORT", "9090",
                "WHARF_STORAGE_BLOBS_TYPE", "s3",
                "WHARF_STORAGE_BLOBS_BUCKET", "wharf-blobs",
                "WHARF_REPOSITORIES_DOCKERHUB_USERNAME", "builder",
                "WHARF_REPOSITORIES_DOCKERHUB_PASSWORD", "s3cr3t",
                "WHARF_REPOSITORIES_PYPI_YANKEDTTL", "7d"), TestFormats.INSTANCE);

        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.storage().blobs().type()).isEqualTo("s3");
        assertThat(config.storage().blobs().bucket()).isEqualTo("wharf-blobs");
        assertThat(config.repository("dockerhub").orElseThrow().password()).isEqualTo("s3cr3t");
        assertThat(config.repository("pypi").orElseThrow().options(TestFormats.PypiRemote.class).yankedTtl())
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void embeddedDefaultErrorsNameTheEmbeddedDefault() {
        assertThatThrownBy(() -> ConfigLoader.embeddedDefault(dir, Map.of("WHARF_STORAGE_BLOBS_TYPE", "s3"), TestFormats.INSTANCE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("embedded default config: storage.blobs.bucket: required for s3 blobs");
    }

    @Test
    void emptyVariableTurnsTheMirrorDefaultOff() {
        WharfConfig config = ConfigLoader.embeddedDefault(dir, Map.of("WHARF_DOCKER_DEFAULTREPOSITORY", ""),
                TestFormats.INSTANCE);

        assertThat(config.section("docker", TestFormats.Mirror.class).defaultRepository()).isNull();
    }

    @Test
    void fileWithOnlyRepositoriesGetsEveryOtherDefault() {
        WharfConfig config = new ConfigFiles(dir).load("""
                repositories:
                  - { key: pypi, format: pypi, type: remote, url: "https://example.com/pypi" }
                """);

        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 8080, null,
                new Limits(8192, 16384, 4 * 1024 * 1024, 1024 * 1024, 10L * 1024 * 1024 * 1024), Duration.ofSeconds(60),
                Duration.ofSeconds(30)));
        assertThat(config.server().limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(config.storage().maxSize()).isNull();
        assertThat(config.logging()).isEqualTo(new LoggingConfig("text", "info"));
        assertThat(config.cache()).isEqualTo(new CacheConfig(Duration.ofSeconds(60), WORKING_DIR.resolve("wharf-data/spool")));
        assertThat(config.gc()).isEqualTo(new GcConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24)));
        assertThat(config.cluster().secret()).isNull();
        assertThat(config.auth().bootstrapToken()).isNull();
        assertThat(config.storage().blobs()).isEqualTo(BlobsConfig.filesystem(WORKING_DIR.resolve("wharf-data/blobs")));
        assertThat(config.storage().metadata()).isEqualTo(MetadataConfig.embedded(WORKING_DIR.resolve("wharf-data/meta")));
        assertThat(config.storage().metadata().poolSize()).isEqualTo(10);
        assertThat(config.storage().coordination()).isEqualTo(new CoordinationConfig("local", null));
        assertThat(config.section("docker", TestFormats.Mirror.class).defaultRepository()).isNull();
        assertThat(config.auth().anonymousRead()).isTrue();
        RepositoryConfig pypi = config.repositories().get(0);
        assertThat(pypi.metadataTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(pypi.negativeTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(pypi.blocklist()).isEmpty();
        assertThat(pypi.members()).isEmpty();
        assertThat(pypi.username()).isNull();
        assertThat(pypi.password()).isNull();
        assertThat(pypi.upstream()).isEqualTo(UpstreamConfig.DEFAULTS);
        assertThat(pypi.upstream()).isEqualTo(new UpstreamConfig(64, 48, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        assertThat(pypi.tokenRealms()).isEmpty();
        assertThat(pypi.options(TestFormats.PypiRemote.class).yankedTtl()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void emptyFileIsAllDefaultsWithoutRepositories() {
        WharfConfig config = new ConfigFiles(dir).load("# nothing configured yet\n");

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.repositories()).isEmpty();
    }

    @Test
    void everyKeyCanBeWritten() {
        WharfConfig config = new ConfigFiles(dir).load("""
                server:
                  bindAddress: 127.0.0.1
                  port: 0
                  limits: { maxInitialLineLength: 4096, maxHeaderSize: 8192, maxManifestBytes: 2097152, maxJsonBodyBytes: 65536, maxUploadBytes: 512MiB }
                  idleTimeout: 500ms
                  shutdownGrace: 0s
                storage:
                  blobs: { type: s3, endpoint: "http://127.0.0.1:9000", region: eu-west-1, bucket: wharf, accessKey: AKIAEXAMPLE, secretKey: hunter2, pathStyle: true, prefix: edge/,
                           partSize: 8MiB, redirect: true, localCache: { path: /var/cache/wharf, maxSize: 20GiB } }
                  metadata: { type: postgres, url: "jdbc:postgresql://127.0.0.1:5432/wharf", username: wharf, password: pg-secret, poolSize: 32 }
                  coordination: { type: redis, url: "redis://127.0.0.1:6379" }
                  maxSize: 2TiB
                auth:
                  anonymousRead: false
                  bootstrapToken: first-admin
                logging: { format: json, level: debug }
                cache: { stallTimeout: 2m, spoolPath: /var/spool/wharf }
                gc: { schedule: 30m, grace: 0s, uploadsMaxAge: 2d }
                cluster: { secret: replicas-only, advertiseUrl: "http://10.0.0.5:8080" }
                repositories:
                  - key: hub.mirror-1
                    format: docker
                    type: remote
                    url: https://example.com/v2
                    username: builder
                    password: hub-secret
                    metadataTtl: 1h
                    negativeTtl: 2d
                    blocklist: ["library/evil*", "*/latest"]
                    upstream: { maxConnections: 16, maxBlobConnections: 8, connectTimeout: 2s, readTimeout: 1m, revalidationTimeout: 1m }
                    tokenRealms: [auth.example.com, "tokens.example.com"]
                """);

        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 0, null, new Limits(4096, 8192, 2097152, 65536, 512L << 20),
                Duration.ofMillis(500), Duration.ZERO));
        assertThat(config.storage()).isEqualTo(new StorageConfig(
                // The paths are those of filesystem blobs and the embedded database, unused by s3 and postgres.
                new BlobsConfig("s3", WORKING_DIR.resolve("wharf-data/blobs"), "http://127.0.0.1:9000", "eu-west-1", "wharf", "AKIAEXAMPLE", "hunter2", true, "edge/", 8L << 20, true,
                        new LocalCacheConfig(Path.of("/var/cache/wharf"), 20L << 30)),
                new MetadataConfig("postgres", WORKING_DIR.resolve("wharf-data/meta"), "jdbc:postgresql://127.0.0.1:5432/wharf", "wharf", "pg-secret", 32),
                new CoordinationConfig("redis", "redis://127.0.0.1:6379"), 2L << 40));
        assertThat(config.auth()).isEqualTo(new AuthConfig(false, "first-admin"));
        assertThat(config.logging()).isEqualTo(new LoggingConfig("json", "debug"));
        assertThat(config.cache()).isEqualTo(new CacheConfig(Duration.ofMinutes(2), Path.of("/var/spool/wharf")));
        assertThat(config.gc()).isEqualTo(new GcConfig(Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(2)));
        assertThat(config.cluster()).isEqualTo(new ClusterConfig("replicas-only", "http://10.0.0.5:8080"));
        assertThat(config.repositories()).containsExactly(new RepositoryConfig("hub.mirror-1", "docker",
                RepositoryType.REMOTE, URI.create("https://example.com/v2"), "builder", "hub-secret", Duration.ofHours(1),
                Duration.ofDays(2), List.of("library/evil*", "*/latest"), List.of(), null,
                new UpstreamConfig(16, 8, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(1)),
                List.of("auth.example.com", "tokens.example.com"), null, new TestFormats.NoOptions()));
    }
}
