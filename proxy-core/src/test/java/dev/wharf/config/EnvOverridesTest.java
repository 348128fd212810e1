package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code WHARF_...} variables override keys of the file, and their values are checked like the file's. */
class EnvOverridesTest {
    private static final String EXAMPLE = """
            server:
              port: 8080
            storage:
              blobs: { type: filesystem, path: /var/lib/wharf/blobs }
            docker:
              defaultRepository: dockerhub
            repositories:
              - { key: dockerhub, format: docker, type: remote, url: "https://example.com", metadataTtl: 10m }
              - { key: images, format: docker, type: local }
              - { key: docker, format: docker, type: virtual, members: [images, dockerhub], deployTo: images }
              - { key: my-hub.io, format: docker, type: remote, url: "https://example.com/hub" }
            """;

    @TempDir
    Path dir;

    private ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    @Test
    void scalarOverride() {
        WharfConfig config = files.load(EXAMPLE, Map.of("WHARF_SERVER_PORT", "9090"));

        assertThat(config.server().port()).isEqualTo(9090);
    }

    @Test
    void nestedOverrides() {
        WharfConfig config = files.load(EXAMPLE, Map.of(
                "WHARF_STORAGE_BLOBS_TYPE", "s3",
                "WHARF_STORAGE_BLOBS_BUCKET", "wharf",
                "WHARF_STORAGE_BLOBS_PATHSTYLE", "true",
                "WHARF_SERVER_LIMITS_MAXHEADERSIZE", "32768"));

        BlobsConfig blobs = config.storage().blobs();
        assertThat(blobs.type()).isEqualTo("s3");
        assertThat(blobs.bucket()).isEqualTo("wharf");
        assertThat(blobs.pathStyle()).isTrue();
        assertThat(config.server().limits().maxHeaderSize()).isEqualTo(32768);
    }

    @Test
    void overrideCreatesSectionsTheFileLeftOut() {
        WharfConfig config = files.load("auth: { anonymousRead: true }\n", Map.of(
                "WHARF_SERVER_TLS_CERTIFICATE", "/etc/wharf/cert.pem",
                "WHARF_SERVER_TLS_PRIVATEKEY", "/etc/wharf/key.pem",
                "WHARF_AUTH_ANONYMOUSREAD", "false"));

        assertThat(config.server().tls()).isEqualTo(new TlsConfig(Path.of("/etc/wharf/cert.pem"), Path.of("/etc/wharf/key.pem")));
        assertThat(config.auth().anonymousRead()).isFalse();
    }

    @Test
    void relativePathFromTheEnvironmentResolvesAgainstTheWorkingDirectory() {
        WharfConfig config = files.load(EXAMPLE, Map.of("WHARF_STORAGE_BLOBS_PATH", "cache/blobs"));

        assertThat(config.storage().blobs().path()).isEqualTo(Path.of("").toAbsolutePath().resolve("cache/blobs"));
    }

    @Test
    void camelCaseKeysMatchIgnoringCase() {
        WharfConfig config = files.load(EXAMPLE, Map.of("WHARF_DOCKER_DEFAULTREPOSITORY", "images"));

        assertThat(config.section("docker", TestFormats.Mirror.class).defaultRepository()).isEqualTo("images");
    }

    @Test
    void repositoryFields() {
        WharfConfig config = files.load(EXAMPLE, Map.of(
                "WHARF_REPOSITORIES_DOCKERHUB_USERNAME", "builder",
                "WHARF_REPOSITORIES_DOCKERHUB_PASSWORD", "s3cr3t",
                "WHARF_REPOSITORIES_DOCKERHUB_URL", "https://example.com/mirror",
                "WHARF_REPOSITORIES_MY_HUB_IO_METADATATTL", "1h"));

        RepositoryConfig hub = config.repository("dockerhub").orElseThrow();
        assertThat(hub.username()).isEqualTo("builder");
        assertThat(hub.password()).isEqualTo("s3cr3t");
        assertThat(hub.url()).isEqualTo(URI.create("https://example.com/mirror"));
        assertThat(config.repository("my-hub.io").orElseThrow().metadataTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void nestedRepositoryFieldsAndNewSections() {
        WharfConfig config = files.load(EXAMPLE, Map.of(
                "WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM_READTIMEOUT", "60s",
                "WHARF_REPOSITORIES_MY_HUB_IO_UPSTREAM_MAXCONNECTIONS", "8",
                "WHARF_REPOSITORIES_MY_HUB_IO_UPSTREAM_MAXBLOBCONNECTIONS", "4",
                "WHARF_REPOSITORIES_DOCKERHUB_TOKENREALMS", "auth.example.com, tokens.example.com",
                "WHARF_SERVER_LIMITS_MAXUPLOADBYTES", "1TiB",
                "WHARF_STORAGE_MAXSIZE", "500GiB",
                "WHARF_LOGGING_FORMAT", "json",
                "WHARF_CACHE_STALLTIMEOUT", "2m"));

        RepositoryConfig hub = config.repository("dockerhub").orElseThrow();
        assertThat(hub.upstream().readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(hub.upstream().maxConnections()).isEqualTo(64);
        assertThat(hub.tokenRealms()).containsExactly("auth.example.com", "tokens.example.com");
        assertThat(config.repository("my-hub.io").orElseThrow().upstream().maxConnections()).isEqualTo(8);
        assertThat(config.server().limits().maxUploadBytes()).isEqualTo(1L << 40);
        assertThat(config.storage().maxSize()).isEqualTo(500L << 30);
        assertThat(config.logging().format()).isEqualTo("json");
        assertThat(config.cache().stallTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void nestedRepositoryFieldErrorsNameTheVariable() {
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM_READTIMEOUT", "1s")))
                .isEqualTo("repositories[0].upstream.revalidationTimeout: 5s is longer than readTimeout (1s)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM_READTIMEOUT", "soon")))
                .isEqualTo("repositories[0].upstream.readTimeout: \"soon\" is not a duration (expected e.g. 30s, 10m, 1h)"
                        + " (set by WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM_READTIMEOUT)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM", "fast")))
                .isEqualTo("WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM: repositories[0].upstream is a section; name one of"
                        + " its keys (maxConnections, maxBlobConnections, connectTimeout, readTimeout, revalidationTimeout)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM_TIMEOUT", "1s")))
                .isEqualTo("WHARF_REPOSITORIES_DOCKERHUB_UPSTREAM_TIMEOUT: names no configuration key"
                        + " (repositories[0].upstream has maxConnections, maxBlobConnections, connectTimeout, readTimeout,"
                        + " revalidationTimeout)");
    }

    @Test
    void listFieldTakesCommaSeparatedValues() {
        WharfConfig config = files.load(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKER_MEMBERS", "dockerhub, images"));

        assertThat(config.repository("docker").orElseThrow().members()).containsExactly("dockerhub", "images");
    }

    @Test
    void emptyVariableResetsToTheDefault() {
        WharfConfig config = files.load(EXAMPLE, Map.of(
                "WHARF_SERVER_PORT", "",
                "WHARF_REPOSITORIES_DOCKERHUB_METADATATTL", ""));

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.repository("dockerhub").orElseThrow().metadataTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void valuesAreTakenLiterallyWithoutSubstitution() {
        WharfConfig config = files.load(EXAMPLE, Map.of(
                "WHARF_REPOSITORIES_DOCKERHUB_USERNAME", "builder", "WHARF_REPOSITORIES_DOCKERHUB_PASSWORD", "pa${ss"));

        assertThat(config.repository("dockerhub").orElseThrow().password()).isEqualTo("pa${ss");
    }

    @Test
    void variablesOutsideTheConfigurationSectionsAreLeftAlone() {
        WharfConfig config = files.load(EXAMPLE, Map.of("WHARF_HOME", "/opt/wharf", "WHARF_", "x", "PATH", "/usr/bin"));

        assertThat(config.server().port()).isEqualTo(8080);
    }

    @Test
    void typeErrorsAfterOverrideNameTheVariable() {
        assertThat(files.error(EXAMPLE, Map.of("WHARF_SERVER_PORT", "eighty")))
                .isEqualTo("server.port: \"eighty\" is not an integer (set by WHARF_SERVER_PORT)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_SERVER_PORT", "70000")))
                .isEqualTo("server.port: 70000 is out of range (expected 0..65535) (set by WHARF_SERVER_PORT)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKERHUB_METADATATTL", "10min")))
                .isEqualTo("repositories[0].metadataTtl: \"10min\" is not a duration (expected e.g. 30s, 10m, 1h)"
                        + " (set by WHARF_REPOSITORIES_DOCKERHUB_METADATATTL)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_STORAGE_BLOBS_TYPE", "gcs")))
                .isEqualTo("storage.blobs.type: \"gcs\" is not one of filesystem, s3 (set by WHARF_STORAGE_BLOBS_TYPE)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKER_MEMBERS", "images,nope")))
                .isEqualTo("repositories[2].members[1]: \"nope\" is not a configured repository"
                        + " (set by WHARF_REPOSITORIES_DOCKER_MEMBERS)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_DOCKER_DEFAULTREPOSITORY", "docker-hub")))
                .isEqualTo("docker.defaultRepository: \"docker-hub\" is not a configured repository"
                        + " (set by WHARF_DOCKER_DEFAULTREPOSITORY)");
    }

    @Test
    void overridingTheTypeAloneChecksTheNewTypesRules() {
        assertThat(files.error(EXAMPLE, Map.of("WHARF_STORAGE_BLOBS_TYPE", "s3")))
                .isEqualTo("storage.blobs.bucket: required for s3 blobs");
    }

    @Test
    void namesThatReachNoKeyAreErrors() {
        assertThat(files.error(EXAMPLE, Map.of("WHARF_SERVER_PROT", "80")))
                .isEqualTo("WHARF_SERVER_PROT: names no configuration key"
                        + " (server has bindAddress, port, tls, limits, idleTimeout, shutdownGrace)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_SERVER_PORT_NUMBER", "80")))
                .isEqualTo("WHARF_SERVER_PORT_NUMBER: names no configuration key (server.port has no keys inside)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_SERVER_TLS", "on")))
                .isEqualTo("WHARF_SERVER_TLS: server.tls is a section; name one of its keys (certificate, privateKey)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKERHUB_PASWORD", "x")))
                .isEqualTo("WHARF_REPOSITORIES_DOCKERHUB_PASWORD: names no configuration key (repositories[0] has"
                        + " key, format, type, url, username, password, metadataTtl, negativeTtl, blocklist, members, deployTo,"
                        + " upstream, tokenRealms, maxUnusedAge, anonymousRead)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_GHCR_PASSWORD", "x")))
                .isEqualTo("WHARF_REPOSITORIES_GHCR_PASSWORD: no repository's key matches the start of GHCR_PASSWORD"
                        + " (keys: dockerhub, images, docker, my-hub.io)");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_PASSWORD", "x")))
                .isEqualTo("WHARF_REPOSITORIES_PASSWORD: expected WHARF_REPOSITORIES_<KEY>_<FIELD>,"
                        + " e.g. WHARF_REPOSITORIES_DOCKERHUB_PASSWORD");
        assertThat(files.error(EXAMPLE, Map.of("WHARF_REPOSITORIES_DOCKERHUB_KEY", "hub")))
                .isEqualTo("WHARF_REPOSITORIES_DOCKERHUB_KEY: a repository's key cannot be overridden:"
                        + " it is how the variable finds the repository");
    }

    @Test
    void keysThatReadTheSameInAVariableAreAmbiguous() {
        String yaml = """
                repositories:
                  - { key: a-b, format: generic, type: local }
                  - { key: a.b, format: generic, type: local }
                """;

        assertThat(files.error(yaml, Map.of("WHARF_REPOSITORIES_A_B_METADATATTL", "1m")))
                .isEqualTo("WHARF_REPOSITORIES_A_B_METADATATTL: A_B matches more than one repository key (a-b, a.b)");
    }

    @Test
    void twoVariablesForOneKeyAreAnError() {
        assertThat(files.error(EXAMPLE, Map.of("WHARF_SERVER_PORT", "9090", "WHARF_SERVER_port", "9091")))
                .isEqualTo("WHARF_SERVER_port: sets server.port, which WHARF_SERVER_PORT already sets");
    }

    @Test
    void overrideIntoAScalarWhereASectionBelongsFails() {
        assertThat(files.error("server: 8080\n", Map.of("WHARF_SERVER_PORT", "9090")))
                .isEqualTo("server: expected a mapping, got a scalar");
    }

    @Test
    void exampleIsUntouchedWithoutVariables() {
        WharfConfig config = files.load(EXAMPLE, Map.of());

        assertThat(config.repository("docker").orElseThrow().members()).isEqualTo(List.of("images", "dockerhub"));
        assertThat(config.storage().blobs().path()).isEqualTo(Path.of("/var/lib/wharf/blobs"));
    }
}
