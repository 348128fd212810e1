package dev.wharf.e2e.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The YAML config of a Wharf under test: embedded storage under one directory, local coordination, docker
 * remotes. {@code idleTimeout} ({@code server.idleTimeout}) and {@code defaultRepository} are null when not
 * configured.
 */
public record WharfConfig(int port, Path dataDir, String idleTimeout, String defaultRepository,
                          List<RemoteRepository> repositories) {
    public WharfConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        repositories = List.copyOf(repositories);
    }

    /** Where committed and in-progress blobs live. */
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
                "server: { port: " + port + (idleTimeout == null ? "" : ", idleTimeout: " + quote(idleTimeout)) + " }",
                "storage:",
                "  blobs: { type: filesystem, path: " + quote(blobsDir().toString()) + " }",
                "  metadata: { type: embedded, path: " + quote(metadataDir().toString()) + " }",
                "  coordination: { type: local }"));
        if (defaultRepository != null) {
            lines.add("docker: { defaultRepository: " + quote(defaultRepository) + " }");
        }
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
                entry.append(", blocklist: [")
                        .append(String.join(", ", repo.blocklist().stream().map(WharfConfig::quote).toList()))
                        .append(']');
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
        return String.join("\n", lines) + "\n";
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
