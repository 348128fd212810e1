package dev.wharf.e2e.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The YAML config of a Wharf under test: embedded storage under one directory, local coordination, docker
 * remotes, then docker locals and virtuals, then generic repositories. {@code idleTimeout} ({@code server.idleTimeout}), {@code maxUploadBytes}
 * ({@code server.limits.maxUploadBytes}), {@code defaultRepository} and {@code spoolPath}
 * ({@code cache.spoolPath}) are null when not configured, and then left out of the file. {@code sections} are
 * top-level YAML lines written as given (e.g. {@code "npm: { ... }"}); {@code rawRepositories} are repository list
 * items as YAML flow maps, for formats without a typed record here.
 */
public record WharfConfig(int port, Path dataDir, String idleTimeout, String maxUploadBytes, String defaultRepository,
                          Path spoolPath, List<RemoteRepository> repositories, List<GenericRepository> genericRepositories,
                          ClusterStores cluster, List<DockerRepository> dockerRepositories, List<String> sections,
                          List<String> rawRepositories) {
    public WharfConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        repositories = List.copyOf(repositories);
        genericRepositories = List.copyOf(genericRepositories);
        dockerRepositories = List.copyOf(dockerRepositories);
        sections = List.copyOf(sections);
        rawRepositories = List.copyOf(rawRepositories);
    }

    /** A config whose repositories are all typed (no raw sections or repository items). */
    public WharfConfig(int port, Path dataDir, String idleTimeout, String maxUploadBytes, String defaultRepository,
                       Path spoolPath, List<RemoteRepository> repositories, List<GenericRepository> genericRepositories,
                       ClusterStores cluster, List<DockerRepository> dockerRepositories) {
        this(port, dataDir, idleTimeout, maxUploadBytes, defaultRepository, spoolPath, repositories, genericRepositories,
                cluster, dockerRepositories, List.of(), List.of());
    }

    /** A config without docker locals or virtuals. */
    public WharfConfig(int port, Path dataDir, String idleTimeout, String maxUploadBytes, String defaultRepository,
                       Path spoolPath, List<RemoteRepository> repositories, List<GenericRepository> genericRepositories,
                       ClusterStores cluster) {
        this(port, dataDir, idleTimeout, maxUploadBytes, defaultRepository, spoolPath, repositories, genericRepositories,
                cluster, List.of());
    }

    /** A config on embedded storage. */
    public WharfConfig(int port, Path dataDir, String idleTimeout, String maxUploadBytes, String defaultRepository,
                       Path spoolPath, List<RemoteRepository> repositories, List<GenericRepository> genericRepositories) {
        this(port, dataDir, idleTimeout, maxUploadBytes, defaultRepository, spoolPath, repositories, genericRepositories, null,
                List.of());
    }

    /** A config with docker remotes only, and no upload limit or spool path of its own. */
    public WharfConfig(int port, Path dataDir, String idleTimeout, String defaultRepository, List<RemoteRepository> repositories) {
        this(port, dataDir, idleTimeout, null, defaultRepository, null, repositories, List.of());
    }

    /** Where committed and in-progress blobs live on embedded storage. */
    public Path blobsDir() {
        return dataDir.resolve("blobs");
    }

    /** The embedded metadata database's directory. */
    public Path metadataDir() {
        return dataDir.resolve("meta");
    }

    /** The config file text, in the schema fixed by PRODUCT.md. */
    public String toYaml() {
        List<String> lines = new ArrayList<>(List.of(
                "server: { port: " + port + (idleTimeout == null ? "" : ", idleTimeout: " + quote(idleTimeout))
                        + (maxUploadBytes == null ? "" : ", limits: { maxUploadBytes: " + quote(maxUploadBytes) + " }") + " }",
                "storage:"));
        if (cluster == null) {
            lines.add("  blobs: { type: filesystem, path: " + quote(blobsDir().toString()) + " }");
            lines.add("  metadata: { type: embedded, path: " + quote(metadataDir().toString()) + " }");
            lines.add("  coordination: { type: local }");
        } else {
            lines.add("  blobs: { type: s3, endpoint: " + quote(cluster.s3Endpoint().toString()) + ", region: us-east-1, bucket: "
                    + quote(cluster.bucket()) + ", accessKey: " + quote(cluster.accessKey()) + ", secretKey: "
                    + quote(cluster.secretKey()) + ", pathStyle: true, partSize: 5MiB }");
            lines.add("  metadata: { type: postgres, url: " + quote(cluster.metadataUrl())
                    + (cluster.metadataUser() == null ? "" : ", username: " + quote(cluster.metadataUser())) + " }");
            lines.add("  coordination: { type: redis, url: " + quote(cluster.redisUrl()) + " }");
            lines.add("cluster: { secret: " + quote(cluster.secret()) + ", advertiseUrl: " + quote("http://127.0.0.1:" + port) + " }");
            lines.add("gc: { schedule: " + quote(cluster.reapEvery()) + ", uploadsMaxAge: " + quote(cluster.reapAfter()) + " }");
        }
        if (spoolPath != null) {
            lines.add("cache: { spoolPath: " + quote(spoolPath.toString()) + " }");
        }
        if (defaultRepository != null) {
            lines.add("docker: { defaultRepository: " + quote(defaultRepository) + " }");
        }
        if (sections.stream().noneMatch(line -> line.startsWith("auth:"))) {
            // Every Wharf under test has the admin token tests write with, unless a test brings its own auth section.
            lines.add("auth: { bootstrapToken: " + quote(WharfProcess.ADMIN_TOKEN) + " }");
        }
        lines.addAll(sections);
        lines.add("repositories:");
        for (RemoteRepository repo : repositories) {
            StringBuilder entry = new StringBuilder("  - { key: ").append(quote(repo.key()))
                    .append(", format: docker, type: remote, url: ").append(quote(repo.url()));
            if (repo.metadataTtl() != null) {
                entry.append(", metadataTtl: ").append(quote(repo.metadataTtl()));
            }
            if (repo.negativeTtl() != null) {
                entry.append(", negativeTtl: ").append(quote(repo.negativeTtl()));
            }
            if (!repo.blocklist().isEmpty()) {
                entry.append(", blocklist: ").append(list(repo.blocklist()));
            }
            if (repo.username() != null) {
                entry.append(", username: ").append(quote(repo.username()))
                        .append(", password: ").append(quote(repo.password()));
            }
            if (repo.upstream() != null) {
                entry.append(", upstream: ").append(upstream(repo.upstream()));
            }
            lines.add(entry.append(" }").toString());
        }
        dockerRepositories.forEach(repo -> lines.add(docker(repo)));
        genericRepositories.forEach(repo -> lines.add(generic(repo)));
        rawRepositories.forEach(item -> lines.add("  - " + item));
        return String.join("\n", lines) + "\n";
    }

    private static String docker(DockerRepository repo) {
        StringBuilder entry = new StringBuilder("  - { key: ").append(quote(repo.key()))
                .append(", format: docker, type: ").append(repo.type().id());
        if (!repo.members().isEmpty()) {
            entry.append(", members: ").append(list(repo.members()));
        }
        if (repo.deployTo() != null) {
            entry.append(", deployTo: ").append(quote(repo.deployTo()));
        }
        return entry.append(" }").toString();
    }

    private static String generic(GenericRepository repo) {
        StringBuilder entry = new StringBuilder("  - { key: ").append(quote(repo.key()))
                .append(", format: generic, type: ").append(repo.type().id());
        if (repo.url() != null) {
            entry.append(", url: ").append(quote(repo.url()));
        }
        if (!repo.mutable().isEmpty()) {
            entry.append(", mutable: ").append(list(repo.mutable()));
        }
        if (repo.metadataTtl() != null) {
            entry.append(", metadataTtl: ").append(quote(repo.metadataTtl()));
        }
        if (repo.allowOverwrite() != null) {
            entry.append(", allowOverwrite: ").append(repo.allowOverwrite());
        }
        if (!repo.members().isEmpty()) {
            entry.append(", members: ").append(list(repo.members()));
        }
        if (repo.deployTo() != null) {
            entry.append(", deployTo: ").append(quote(repo.deployTo()));
        }
        return entry.append(" }").toString();
    }

    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(WharfConfig::quote).toList()) + "]";
    }

    private static String upstream(UpstreamTimeouts timeouts) {
        List<String> keys = new ArrayList<>();
        if (timeouts.readTimeout() != null) {
            keys.add("readTimeout: " + quote(timeouts.readTimeout()));
        }
        if (timeouts.revalidationTimeout() != null) {
            keys.add("revalidationTimeout: " + quote(timeouts.revalidationTimeout()));
        }
        return "{ " + String.join(", ", keys) + " }";
    }

    /** A YAML double-quoted scalar: safe for any value, including {@code ${ENV}} references and globs. */
    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
