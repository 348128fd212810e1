package dev.wharf.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Turns the parsed YAML tree (after substitution and environment overrides) into a {@link WharfConfig}, filling in
 * defaults. Each section's values are read first, so their errors carry full key paths, then its record is built.
 */
final class ConfigBinder {
    /** Where a file that does not name storage paths keeps its data, as in the documented example. */
    private static final Path DEFAULT_DATA_DIR = Path.of("wharf-data");

    private ConfigBinder() {
    }

    static WharfConfig bind(ObjectNode tree) {
        Section root = Section.root(tree);
        ServerConfig server = server(root.section("server"));
        StorageConfig storage = storage(root.section("storage"));
        DockerConfig docker = new DockerConfig(root.section("docker").text("defaultRepository"));
        AuthConfig auth = new AuthConfig(root.section("auth").bool("anonymousRead", true));
        List<RepositoryConfig> repositories = root.sections("repositories").stream().map(ConfigBinder::repository).toList();
        return root.build(() -> new WharfConfig(server, storage, docker, auth, repositories));
    }

    private static ServerConfig server(Section s) {
        Section tlsSection = s.section("tls");
        Path certificate = tlsSection.path("certificate");
        Path privateKey = tlsSection.path("privateKey");
        TlsConfig tls = tlsSection.present() ? tlsSection.build(() -> new TlsConfig(certificate, privateKey)) : null;
        Section l = s.section("limits");
        Limits defaults = Limits.DEFAULTS;
        int maxInitialLineLength = l.integer("maxInitialLineLength", defaults.maxInitialLineLength());
        int maxHeaderSize = l.integer("maxHeaderSize", defaults.maxHeaderSize());
        int maxManifestBytes = l.integer("maxManifestBytes", defaults.maxManifestBytes());
        int maxJsonBodyBytes = l.integer("maxJsonBodyBytes", defaults.maxJsonBodyBytes());
        Limits limits = l.build(() -> new Limits(maxInitialLineLength, maxHeaderSize, maxManifestBytes, maxJsonBodyBytes));
        String bindAddress = orDefault(s.text("bindAddress"), ServerConfig.DEFAULT_BIND_ADDRESS);
        int port = s.integer("port", ServerConfig.DEFAULT_PORT);
        Duration idleTimeout = s.duration("idleTimeout", ServerConfig.DEFAULT_IDLE_TIMEOUT);
        Duration shutdownGrace = s.duration("shutdownGrace", ServerConfig.DEFAULT_SHUTDOWN_GRACE);
        return s.build(() -> new ServerConfig(bindAddress, port, tls, limits, idleTimeout, shutdownGrace));
    }

    private static StorageConfig storage(Section s) {
        Section b = s.section("blobs");
        String blobsType = orDefault(b.text("type"), BlobsConfig.FILESYSTEM);
        Path blobsPath = b.path("path");
        String endpoint = b.text("endpoint");
        String region = b.text("region");
        String bucket = b.text("bucket");
        String accessKey = b.text("accessKey");
        String secretKey = b.text("secretKey");
        boolean pathStyle = b.bool("pathStyle", false);
        String prefix = b.text("prefix");
        BlobsConfig blobs = b.build(() -> new BlobsConfig(blobsType,
                defaultPath(blobsPath, blobsType.equals(BlobsConfig.FILESYSTEM), "blobs"),
                endpoint, region, bucket, accessKey, secretKey, pathStyle, prefix));

        Section m = s.section("metadata");
        String metadataType = orDefault(m.text("type"), MetadataConfig.EMBEDDED);
        Path metadataPath = m.path("path");
        String url = m.text("url");
        String username = m.text("username");
        String password = m.text("password");
        int poolSize = m.integer("poolSize", MetadataConfig.DEFAULT_POOL_SIZE);
        MetadataConfig metadata = m.build(() -> new MetadataConfig(metadataType,
                defaultPath(metadataPath, metadataType.equals(MetadataConfig.EMBEDDED), "meta"),
                url, username, password, poolSize));

        Section c = s.section("coordination");
        String coordinationType = orDefault(c.text("type"), CoordinationConfig.LOCAL);
        String coordinationUrl = c.text("url");
        CoordinationConfig coordination = c.build(() -> new CoordinationConfig(coordinationType, coordinationUrl));
        return s.build(() -> new StorageConfig(blobs, metadata, coordination));
    }

    private static RepositoryConfig repository(Section r) {
        String key = r.text("key");
        Format format = r.parsed("format", Format::of);
        RepositoryType type = r.parsed("type", RepositoryType::of);
        URI url = r.uri("url");
        String username = r.text("username");
        String password = r.text("password");
        Duration metadataTtl = r.duration("metadataTtl", RepositoryConfig.DEFAULT_METADATA_TTL);
        Duration negativeTtl = r.duration("negativeTtl", RepositoryConfig.DEFAULT_NEGATIVE_TTL);
        List<String> blocklist = r.texts("blocklist");
        List<String> members = r.texts("members");
        String deployTo = r.text("deployTo");
        return r.build(() -> new RepositoryConfig(key, format, type, url, username, password, metadataTtl, negativeTtl,
                blocklist, members, deployTo));
    }

    private static String orDefault(String value, String absent) {
        return value == null ? absent : value;
    }

    /** The path as written, or, for a type that keeps local files, {@code ./wharf-data/<name>}. */
    private static Path defaultPath(Path written, boolean local, String name) {
        if (written != null || !local) {
            return written;
        }
        return DEFAULT_DATA_DIR.resolve(name).toAbsolutePath().normalize();
    }
}
