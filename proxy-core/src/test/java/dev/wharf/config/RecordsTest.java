package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records validate when built in code too (as tests of other packages build them), naming the relative key. */
class RecordsTest {
    private static final URI UPSTREAM = URI.create("https://example.com");
    private static final TestFormats.NoOptions NONE = new TestFormats.NoOptions();

    @Test
    void constructorsRejectWithTheKeyRelativeToTheRecord() {
        assertThatThrownBy(() -> ServerConfig.onPort(70000))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port: 70000 is out of range (expected 0..65535)");
        assertThatThrownBy(() -> RepositoryConfig.virtual("docker", "docker", List.of(), null, NONE))
                .hasMessage("members: required for a virtual repository (at least one member)");
        assertThatThrownBy(() -> new BlobsConfig("filesystem", null, null, null, null, null, null, false, null, BlobsConfig.DEFAULT_PART_SIZE, false, null))
                .hasMessage("path: required for filesystem blobs");
        assertThatThrownBy(() -> new MetadataConfig("embedded", null, null, null, null, 10))
                .hasMessage("path: required for embedded metadata");
        assertThatThrownBy(() -> new RepositoryConfig("hub", "docker", RepositoryType.REMOTE, UPSTREAM, null, null,
                null, Duration.ZERO, List.of(), List.of(), null, null, List.of(), null, NONE))
                .hasMessage("metadataTtl: required");
        assertThatThrownBy(() -> new RepositoryConfig("hub", "docker", RepositoryType.REMOTE, UPSTREAM, null, null,
                Duration.ofSeconds(-1), Duration.ZERO, List.of(), List.of(), null, null, List.of(), null, NONE))
                .hasMessage("metadataTtl: -1s is negative (expected 0s or more)");
    }

    @Test
    void portZeroPicksAFreePortForTests() {
        assertThat(ServerConfig.onPort(0).port()).isZero();
    }

    @Test
    void listsAreCopiedSoTheRecordStaysImmutable() {
        List<String> members = new ArrayList<>(List.of("images"));
        RepositoryConfig virtual = RepositoryConfig.virtual("docker", "docker", members, "images", NONE);
        members.add("dockerhub");

        assertThat(virtual.members()).containsExactly("images");
        assertThatThrownBy(() -> virtual.members().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void wharfConfigLooksUpRepositoriesByKey() {
        RepositoryConfig hub = RepositoryConfig.remote("dockerhub", "docker", UPSTREAM, NONE);
        WharfConfig config = new WharfConfig(ServerConfig.onPort(0),
                new StorageConfig(BlobsConfig.filesystem(Path.of("/tmp/b")), MetadataConfig.embedded(Path.of("/tmp/m")),
                        CoordinationConfig.IN_PROCESS, null),
                new AuthConfig(true, null), new LoggingConfig("text", "info"),
                new CacheConfig(Duration.ofSeconds(60), Path.of("/tmp/s")),
                new GcConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24)), new ClusterConfig(null, null),
                List.of(hub), Map.of("docker", new TestFormats.Mirror("dockerhub")));

        assertThat(config.repository("dockerhub")).contains(hub);
        assertThat(config.repository("ghcr")).isEmpty();
        assertThat(config.section("docker", TestFormats.Mirror.class).defaultRepository()).isEqualTo("dockerhub");
    }

    @Test
    void sectionAndOptionsOfTheWrongTypeFailClearly() {
        RepositoryConfig hub = RepositoryConfig.remote("dockerhub", "docker", UPSTREAM, NONE);
        WharfConfig config = new WharfConfig(ServerConfig.onPort(0),
                new StorageConfig(BlobsConfig.filesystem(Path.of("/tmp/b")), MetadataConfig.embedded(Path.of("/tmp/m")),
                        CoordinationConfig.IN_PROCESS, null),
                new AuthConfig(true, null), new LoggingConfig("text", "info"),
                new CacheConfig(Duration.ofSeconds(60), Path.of("/tmp/s")),
                new GcConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24)), new ClusterConfig(null, null),
                List.of(hub), Map.of("docker", new TestFormats.Mirror("dockerhub")));

        assertThatThrownBy(() -> hub.options(TestFormats.FilesRemote.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("repository dockerhub (docker remote) has options " + TestFormats.NoOptions.class.getName()
                        + ", not " + TestFormats.FilesRemote.class.getName());
        assertThatThrownBy(() -> config.section("docker", TestFormats.NoOptions.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configuration section docker is a");
        assertThatThrownBy(() -> config.section("pypi", TestFormats.NoOptions.class))
                .hasMessage("no configuration section pypi (sections: docker)");
        assertThat(hub.options(TestFormats.NoOptions.class)).isEqualTo(NONE);
    }

    @Test
    void typeReadsItsLowerCaseName() {
        assertThat(RepositoryType.of("virtual")).isEqualTo(RepositoryType.VIRTUAL);
        assertThat(RepositoryType.LOCAL.id()).isEqualTo("local");
        assertThatThrownBy(() -> RepositoryType.of("REMOTE")).hasMessage("\"REMOTE\" is not one of remote, local, virtual");
    }
}
