package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the configuration, each failing with the one line a user would read. */
class ValidationTest {
    private static final String HUB = "  - { key: dockerhub, format: docker, type: remote, url: \"https://example.com\" }\n";
    private static final String PYPI = "  - { key: pypi, format: pypi, type: remote, url: \"https://example.com/pypi\" }\n";
    private static final String IMAGES = "  - { key: images, format: docker, type: local }\n";

    @TempDir
    Path dir;

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                // server
                invalid("server: { port: 70000 }", "server.port: 70000 is out of range (expected 0..65535)"),
                invalid("server: { port: -1 }", "server.port: -1 is out of range (expected 0..65535)"),
                invalid("server: { port: http }", "server.port: \"http\" is not an integer"),
                invalid("server: { port: 80.5 }", "server.port: \"80.5\" is not an integer"),
                invalid("server: { port: 99999999999 }", "server.port: \"99999999999\" is out of range (expected a 32-bit integer)"),
                invalid("server: { bindAddress: \" \" }", "server.bindAddress: must not be blank"),
                invalid("server: { idleTimeout: 0s }", "server.idleTimeout: 0s is not positive (expected e.g. 30s, 10m, 1h)"),
                invalid("server: { shutdownGrace: 30 }", "server.shutdownGrace: \"30\" is not a duration (expected e.g. 30s, 10m, 1h)"),
                invalid("server: { tls: { certificate: cert.pem } }", "server.tls.privateKey: required"),
                invalid("server: { tls: {} }", "server.tls.certificate: required"),
                invalid("server: { limits: { maxHeaderSize: 10 } }",
                        "server.limits.maxHeaderSize: 10 is out of range (expected 1024..1048576)"),
                invalid("server: { limits: { maxInitialLineLength: 100 } }",
                        "server.limits.maxInitialLineLength: 100 is out of range (expected 256..1048576)"),
                invalid("server: { limits: { maxManifestBytes: 134217728 } }",
                        "server.limits.maxManifestBytes: 134217728 is out of range (expected 1024..67108864)"),
                invalid("server: { limits: { maxJsonBodyBytes: 1 } }",
                        "server.limits.maxJsonBodyBytes: 1 is out of range (expected 1024..67108864)"),
                // storage
                invalid("storage: { blobs: { type: ftp } }", "storage.blobs.type: \"ftp\" is not one of filesystem, s3"),
                invalid("storage: { blobs: { type: s3 } }", "storage.blobs.bucket: required for s3 blobs"),
                invalid("storage: { blobs: { type: s3, bucket: \"\" } }", "storage.blobs.bucket: must not be blank"),
                invalid("storage: { blobs: { type: s3, bucket: b, endpoint: \"127.0.0.1:9000\" } }",
                        "storage.blobs.endpoint: \"127.0.0.1:9000\" is not an absolute http(s) URL"),
                invalid("storage: { blobs: { type: s3, bucket: b, accessKey: AKIAEXAMPLE } }",
                        "storage.blobs.secretKey: required with accessKey"),
                invalid("storage: { blobs: { type: s3, bucket: b, secretKey: hunter2 } }",
                        "storage.blobs.accessKey: required with secretKey"),
                invalid("storage: { blobs: { pathStyle: sometimes } }",
                        "storage.blobs.pathStyle: \"sometimes\" is not a boolean (expected true or false)"),
                invalid("storage: { blobs: { path: \"\" } }", "storage.blobs.path: must not be blank"),
                invalid("storage: { metadata: { type: mysql } }", "storage.metadata.type: \"mysql\" is not one of embedded, postgres"),
                invalid("storage: { metadata: { type: postgres } }", "storage.metadata.url: required for postgres metadata"),
                invalid("storage: { metadata: { type: postgres, url: \"postgres://wharf:pw@db/wharf\" } }",
                        "storage.metadata.url: \"postgres://****@db/wharf\" is not a PostgreSQL JDBC URL"
                                + " (expected jdbc:postgresql://HOST[:PORT]/DATABASE)"),
                invalid("storage: { metadata: { poolSize: 0 } }", "storage.metadata.poolSize: 0 is out of range (expected 1..1000)"),
                invalid("storage: { coordination: { type: zookeeper } }",
                        "storage.coordination.type: \"zookeeper\" is not one of local, redis"),
                invalid("storage: { coordination: { type: redis } }", "storage.coordination.url: required for redis coordination"),
                invalid("storage: { coordination: { type: redis, url: \"http://127.0.0.1:6379\" } }",
                        "storage.coordination.url: \"http://127.0.0.1:6379\" is not a Redis URL"
                                + " (expected redis://HOST[:PORT] or rediss://HOST[:PORT])"),
                // docker and auth
                invalid("docker: { defaultRepository: dockerhub }",
                        "docker.defaultRepository: \"dockerhub\" is not a configured repository"),
                invalid("docker: { defaultRepository: pypi }\nrepositories:\n" + PYPI,
                        "docker.defaultRepository: \"pypi\" is a pypi repository (expected a docker repository)"),
                invalid("auth: { anonymousRead: 1 }", "auth.anonymousRead: \"1\" is not a boolean (expected true or false)"),
                // repositories, one at a time
                invalid("repositories:\n  - { format: docker, type: local }", "repositories[0].key: required"),
                invalid("repositories:\n  - { key: Docker Hub, format: docker, type: local }",
                        "repositories[0].key: \"Docker Hub\" is not a valid repository key (expected [a-z0-9][a-z0-9._-]{0,63})"),
                invalid("repositories:\n  - { key: -hub, format: docker, type: local }",
                        "repositories[0].key: \"-hub\" is not a valid repository key (expected [a-z0-9][a-z0-9._-]{0,63})"),
                invalid("repositories:\n  - { key: " + "k".repeat(65) + ", format: docker, type: local }",
                        "repositories[0].key: \"" + "k".repeat(65) + "\" is not a valid repository key"
                                + " (expected [a-z0-9][a-z0-9._-]{0,63})"),
                invalid("repositories:\n  - { key: hub, type: local }", "repositories[0].format: required"),
                invalid("repositories:\n  - { key: hub, format: dockr, type: local }",
                        "repositories[0].format: \"dockr\" is not one of docker, generic, pypi (the formats of this build)"),
                invalid("repositories:\n  - { key: hub, format: [docker], type: local }",
                        "repositories[0].format: expected a string, got a list"),
                invalid("repositories:\n  - { key: hub, format: docker, type: Remote }",
                        "repositories[0].type: \"Remote\" is not one of remote, local, virtual"),
                invalid("repositories:\n  - { key: hub, format: docker }", "repositories[0].type: required"),
                invalid("repositories:\n  - { key: hub, format: docker, type: remote }",
                        "repositories[0].url: required for a remote repository"),
                invalid("repositories:\n  - { key: hub, format: docker, type: remote, url: \"ftp://example.com\" }",
                        "repositories[0].url: \"ftp://example.com\" is not an absolute http(s) URL"),
                invalid("repositories:\n  - { key: hub, format: docker, type: remote, url: example.com/v2 }",
                        "repositories[0].url: \"example.com/v2\" is not an absolute http(s) URL"),
                invalid("repositories:\n  - { key: hub, format: docker, type: remote, url: \"https://exa mple.com\" }",
                        "repositories[0].url: \"https://exa mple.com\" is not a valid URL"),
                invalid("repositories:\n  - { key: hub, format: docker, type: local, url: \"https://example.com\" }",
                        "repositories[0].url: only a remote repository has an upstream url"),
                invalid("repositories:\n  - { key: hub, format: docker, type: local, password: hunter2 }",
                        "repositories[0].password: only a remote repository has upstream credentials"),
                // upstream credentials: only in username and password, and in a form HTTP Basic can carry
                invalid("repositories:\n  - { key: hub, format: docker, type: remote, url: \"http://robot:hunter2@example.com\" }",
                        "repositories[0].url: \"http://****@example.com\" carries credentials (expected them in username and password)"),
                invalid("repositories:\n  - { key: hub, format: docker, type: remote, url: \"https://robot@example.com/v2\" }",
                        "repositories[0].url: \"https://****@example.com/v2\" carries credentials (expected them in username and password)"),
                invalid("repositories:\n" + HUB.replace(" }", ", username: \"ro:bot\", password: pw }"),
                        "repositories[0].username: must not contain ':' (HTTP Basic cannot carry it)"),
                invalid("repositories:\n" + HUB.replace(" }", ", username: \"\", password: pw }"),
                        "repositories[0].username: must not be blank"),
                invalid("repositories:\n" + HUB.replace(" }", ", username: robot }"),
                        "repositories[0].password: required with username"),
                invalid("repositories:\n" + HUB.replace(" }", ", password: pw }"),
                        "repositories[0].username: required with password"),
                invalid("repositories:\n" + HUB + IMAGES + "  - { key: slow, format: docker, type: remote,"
                                + " url: \"https://example.com\", metadataTtl: 10 minutes }",
                        "repositories[2].metadataTtl: \"10 minutes\" is not a duration (expected e.g. 30s, 10m, 1h)"),
                invalid("repositories:\n" + HUB.replace(" }", ", negativeTtl: 60 }"),
                        "repositories[0].negativeTtl: \"60\" is not a duration (expected e.g. 30s, 10m, 1h)"),
                invalid("repositories:\n" + HUB.replace(" }", ", blocklist: [\"a/*\", \"\"] }"),
                        "repositories[0].blocklist[1]: must not be blank"),
                invalid("repositories:\n" + HUB.replace(" }", ", blocklist: \"a/*\" }"),
                        "repositories[0].blocklist: expected a list, got a scalar"),
                invalid("repositories:\n" + HUB + HUB, "repositories[1].key: \"dockerhub\" is already the key of repositories[0]"),
                // upstream settings and token realms, remote only
                invalid("repositories:\n" + HUB.replace(" }", ", upstream: { maxConnections: 1 } }"),
                        "repositories[0].upstream.maxConnections: 1 is out of range (expected 2..4096)"),
                invalid("repositories:\n" + HUB.replace(" }", ", upstream: { maxConnections: 8, maxBlobConnections: 8 } }"),
                        "repositories[0].upstream.maxBlobConnections: 8 is out of range (expected 1..7)"),
                invalid("repositories:\n" + HUB.replace(" }", ", upstream: { maxBlobConnections: 0 } }"),
                        "repositories[0].upstream.maxBlobConnections: 0 is out of range (expected 1..63)"),
                invalid("repositories:\n" + HUB.replace(" }", ", upstream: { connectTimeout: 0s } }"),
                        "repositories[0].upstream.connectTimeout: 0s is not positive (expected e.g. 30s, 10m, 1h)"),
                invalid("repositories:\n" + HUB.replace(" }", ", upstream: { readTimeout: 2s } }"),
                        "repositories[0].upstream.revalidationTimeout: 5s is longer than readTimeout (2s)"),
                invalid("repositories:\n" + HUB.replace(" }", ", upstream: { readTimout: 2s } }"),
                        "repositories[0].upstream.readTimout: unknown key (expected one of maxConnections,"
                                + " maxBlobConnections, connectTimeout, readTimeout, revalidationTimeout)"),
                invalid("repositories:\n" + HUB.replace(" }", ", upstream: 64 }"),
                        "repositories[0].upstream: expected a mapping, got a scalar"),
                invalid("repositories:\n  - { key: images, format: docker, type: local, upstream: { readTimeout: 10s } }",
                        "repositories[0].upstream: only a remote repository has upstream settings"),
                invalid("repositories:\n" + HUB.replace(" }", ", tokenRealms: [\"auth.example.com\", \"https://auth.example.com\"] }"),
                        "repositories[0].tokenRealms[1]: \"https://auth.example.com\" is not a host name"
                                + " (expected e.g. auth.example.com, without scheme, port or path)"),
                invalid("repositories:\n" + HUB.replace(" }", ", tokenRealms: [\"auth.example.com:70000\"] }"),
                        "repositories[0].tokenRealms[0]: \"auth.example.com:70000\" is not a host name"
                                + " (expected e.g. auth.example.com, without scheme, port or path)"),
                invalid("repositories:\n  - { key: images, format: docker, type: local, tokenRealms: [auth.example.com] }",
                        "repositories[0].tokenRealms: only a remote repository has token realms"),
                invalid("repositories:\n" + HUB.replace(" }", ", maxUnusedAge: 0s }"),
                        "repositories[0].maxUnusedAge: 0s is not positive (expected e.g. 30s, 10m, 1h)"),
                invalid("repositories:\n  - { key: images, format: docker, type: local, maxUnusedAge: 30d }",
                        "repositories[0].maxUnusedAge: only a remote repository's cached content is evicted"
                                + " (a local repository keeps all of its content)"),
                // logging, cache, gc, cluster, auth
                invalid("logging: { format: xml }", "logging.format: \"xml\" is not one of text, json"),
                invalid("logging: { level: verbose }", "logging.level: \"verbose\" is not one of error, warn, info, debug, trace"),
                invalid("cache: { stallTimeout: 0s }", "cache.stallTimeout: 0s is not positive (expected e.g. 30s, 10m, 1h)"),
                invalid("cache: { spoolPath: \"\" }", "cache.spoolPath: must not be blank"),
                invalid("gc: { schedule: hourly }", "gc.schedule: \"hourly\" is not a duration (expected e.g. 30s, 10m, 1h)"),
                invalid("gc: { grace: -1s }", "gc.grace: \"-1s\" is not a duration (expected e.g. 30s, 10m, 1h)"),
                invalid("gc: { uploadsMaxAge: 0s }", "gc.uploadsMaxAge: 0s is not positive (expected e.g. 30s, 10m, 1h)"),
                invalid("cluster: { secret: \" \" }", "cluster.secret: must not be blank"),
                invalid("auth: { bootstrapToken: \"\" }", "auth.bootstrapToken: must not be blank"),
                // sizes
                invalid("server: { limits: { maxUploadBytes: 10GB } }",
                        "server.limits.maxUploadBytes: \"10GB\" is not a size (expected e.g. 512MiB, 10GiB, 1TiB or a number of bytes)"),
                invalid("server: { limits: { maxUploadBytes: 512 } }",
                        "server.limits.maxUploadBytes: 512 is too small (expected 1KiB or more)"),
                invalid("storage: { maxSize: 1.5TiB }",
                        "storage.maxSize: \"1.5TiB\" is not a size (expected e.g. 512MiB, 10GiB, 1TiB or a number of bytes)"),
                invalid("storage: { maxSize: 100KiB }", "storage.maxSize: 100KiB is too small (expected 1MiB or more)"),
                // virtual repositories
                invalid("repositories:\n  - { key: docker, format: docker, type: virtual }",
                        "repositories[0].members: required for a virtual repository (at least one member)"),
                invalid("repositories:\n" + HUB + "  - { key: docker, format: docker, type: virtual, members: [dockerhub, nope] }",
                        "repositories[1].members[1]: \"nope\" is not a configured repository"),
                invalid("repositories:\n" + HUB + PYPI + "  - { key: docker, format: docker, type: virtual, members: [pypi] }",
                        "repositories[2].members[0]: \"pypi\" is a pypi repository (expected docker, the format of \"docker\")"),
                invalid("repositories:\n" + HUB + "  - { key: inner, format: docker, type: virtual, members: [dockerhub] }\n"
                                + "  - { key: outer, format: docker, type: virtual, members: [inner] }",
                        "repositories[2].members[0]: \"inner\" is a virtual repository (expected a local or remote member)"),
                invalid("repositories:\n  - { key: docker, format: docker, type: virtual, members: [docker] }",
                        "repositories[0].members[0]: a repository cannot be its own member"),
                invalid("repositories:\n" + HUB + "  - { key: docker, format: docker, type: virtual, members: [dockerhub, dockerhub] }",
                        "repositories[1].members[1]: \"dockerhub\" is listed twice"),
                invalid("repositories:\n" + HUB + IMAGES
                                + "  - { key: docker, format: docker, type: virtual, members: [dockerhub], deployTo: images }",
                        "repositories[2].deployTo: \"images\" is not a member of this repository"),
                invalid("repositories:\n" + HUB + IMAGES
                                + "  - { key: docker, format: docker, type: virtual, members: [images, dockerhub], deployTo: dockerhub }",
                        "repositories[2].deployTo: \"dockerhub\" is a remote repository (expected a local member)"),
                invalid("repositories:\n" + HUB + "  - { key: images, format: docker, type: local, members: [dockerhub] }",
                        "repositories[1].members: only a virtual repository has members"),
                invalid("repositories:\n  - { key: images, format: docker, type: local, deployTo: images }",
                        "repositories[0].deployTo: only a virtual repository has deployTo"),
                // shapes
                invalid("server: 8080", "server: expected a mapping, got a scalar"),
                invalid("repositories: { dockerhub: {} }", "repositories: expected a list, got a mapping"),
                invalid("repositories: [dockerhub]", "repositories[0]: expected a mapping, got a scalar"),
                invalid("repositories:\n  - { key: docker, format: docker, type: virtual, members: images }",
                        "repositories[0].members: expected a list, got a scalar"),
                invalid("repositories:\n  - { key: docker, format: docker, type: virtual, members: [[images]] }",
                        "repositories[0].members[0]: expected a string, got a list"),
                invalid("repositories:\n  - { key: { name: hub }, format: docker, type: local }",
                        "repositories[0].key: expected a string, got a mapping"),
                // unknown keys: typos must not pass silently
                invalid("servers: { port: 80 }", "servers: unknown key (expected one of server, storage, auth, logging, cache, gc, cluster, repositories, docker)"),
                invalid("server: { prot: 80 }",
                        "server.prot: unknown key (expected one of bindAddress, port, tls, limits, idleTimeout, shutdownGrace)"),
                invalid("storage: { blobs: { bukket: b } }",
                        "storage.blobs.bukket: unknown key (expected one of type, path, endpoint, region, bucket,"
                                + " accessKey, secretKey, pathStyle, prefix, partSize, redirect, localCache)"),
                invalid("storage: { blobs: { type: s3, bucket: b, partSize: 1MiB } }",
                        "storage.blobs.partSize: 1MiB is too small (expected 5MiB or more)"),
                invalid("storage: { blobs: { type: s3, bucket: b, partSize: 6GiB } }",
                        "storage.blobs.partSize: 6GiB is too large (expected 1GiB or less)"),
                invalid("storage: { blobs: { type: s3, bucket: b, localCache: { path: /tmp/c } } }",
                        "storage.blobs.localCache.maxSize: required"),
                invalid("cluster: { advertiseUrl: 'http://10.0.0.5:8080/v2' }",
                        "cluster.advertiseUrl: \"http://10.0.0.5:8080/v2\" is not an http(s)://HOST:PORT URL"),
                invalid("cluster: { advertiseUrl: 'ftp://10.0.0.5' }",
                        "cluster.advertiseUrl: \"ftp://10.0.0.5\" is not an http(s)://HOST:PORT URL"),
                invalid("repositories:\n" + HUB.replace(" }", ", metadataTTL: 1h }"),
                        "repositories[0].metadataTTL: unknown key for a docker remote repository (expected one of key,"
                                + " format, type, url, username, password, metadataTtl, negativeTtl, blocklist, members,"
                                + " deployTo, upstream, tokenRealms, maxUnusedAge, anonymousRead)"),
                // the formats' keys: a repository's beside the common ones, a section at the top
                invalid("repositories:\n" + HUB.replace(" }", ", mutable: [\"**/latest\"] }"),
                        "repositories[0].mutable: unknown key for a docker remote repository (expected one of key,"
                                + " format, type, url, username, password, metadataTtl, negativeTtl, blocklist, members,"
                                + " deployTo, upstream, tokenRealms, maxUnusedAge, anonymousRead)"),
                invalid("repositories:\n  - { key: files, format: generic, type: local, mutable: [\"*\"] }",
                        "repositories[0].mutable: unknown key for a generic local repository (expected one of key,"
                                + " format, type, url, username, password, metadataTtl, negativeTtl, blocklist, members,"
                                + " deployTo, upstream, tokenRealms, maxUnusedAge, anonymousRead, allowOverwrite)"),
                invalid("repositories:\n  - { key: files, format: generic, type: local, allowOverwrite: maybe }",
                        "repositories[0].allowOverwrite: \"maybe\" is not a boolean (expected true or false)"),
                invalid("repositories:\n  - { key: files, format: generic, type: remote, url: \"https://example.com\","
                                + " mutable: [\"a/*\", \" \"] }",
                        "repositories[0].mutable[1]: must not be blank"),
                invalid("repositories:\n  - { key: files, format: generic, type: remote, url: \"https://example.com\","
                                + " mutable: \"a/*\" }",
                        "repositories[0].mutable: expected a list, got a scalar"),
                invalid("repositories:\n" + PYPI.replace(" }", ", yankedTtl: 0s }"),
                        "repositories[0].yankedTtl: 0s is not positive (expected e.g. 30s, 10m, 1h)"),
                invalid("docker: { defaultRepository: dockerhub, mirrorOf: hub }\nrepositories:\n" + HUB,
                        "docker.mirrorOf: unknown key (expected one of defaultRepository)"),
                invalid("docker: 5", "docker: expected a mapping, got a scalar"),
                invalid("sections: {}", "sections: unknown key (expected one of server, storage, auth, logging, cache, gc, cluster, repositories, docker)"),
                invalid("repositories:\n" + HUB.replace(" }", ", options: {} }"),
                        "repositories[0].options: unknown key for a docker remote repository (expected one of key,"
                                + " format, type, url, username, password, metadataTtl, negativeTtl, blocklist, members,"
                                + " deployTo, upstream, tokenRealms, maxUnusedAge, anonymousRead)"));
    }

    private static Arguments invalid(String yaml, String expected) {
        return Arguments.of(yaml, expected);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidConfigs")
    void invalidConfigFailsWithOneClearLine(String yaml, String expected) {
        assertThat(new ConfigFiles(dir).error(yaml)).isEqualTo(expected);
    }

    @Test
    void extensionKeysAreIgnoredAtAnyLevel() {
        WharfConfig config = new ConfigFiles(dir).load("""
                x-notes: "kept for humans"
                server: { port: 8081, x-owner: platform-team }
                repositories:
                  - { key: dockerhub, format: docker, type: remote, url: "https://example.com", x-ticket: OPS-12 }
                """);

        assertThat(config.server().port()).isEqualTo(8081);
        assertThat(config.repositories()).extracting(RepositoryConfig::key).containsExactly("dockerhub");
    }

    @Test
    void topLevelMustBeAMapping() {
        ConfigFiles files = new ConfigFiles(dir);
        files.write("- server\n- storage\n");

        assertThat(catchThrowable(() -> ConfigLoader.load(files.file(), Map.of(), TestFormats.INSTANCE)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(files.file() + ": expected a mapping at the top level, got a list");
    }
}
