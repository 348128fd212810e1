package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records validate when built in code too (as tests of other packages build them), naming the relative key. */
class RecordsTest {
    private static final URI UPSTREAM = URI.create("https://example.com");

    @Test
    void constructorsRejectWithTheKeyRelativeToTheRecord() {
        assertThatThrownBy(() -> ServerConfig.onPort(70000))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port: 70000 is out of range (expected 0..65535)");
        assertThatThrownBy(() -> RepositoryConfig.virtual("docker", Format.DOCKER, List.of(), null))
                .hasMessage("members: required for a virtual repository (at least one member)");
        assertThatThrownBy(() -> new BlobsConfig("filesystem", null, null, null, null, null, null, false, null))
                .hasMessage("path: required for filesystem blobs");
        assertThatThrownBy(() -> new MetadataConfig("embedded", null, null, null, null, 10))
                .hasMessage("path: required for embedded metadata");
        assertThatThrownBy(() -> new RepositoryConfig("hub", Format.DOCKER, RepositoryType.REMOTE, UPSTREAM, null, null,
                null, Duration.ZERO, List.of(), List.of(), null))
                .hasMessage("metadataTtl: required");
        assertThatThrownBy(() -> new RepositoryConfig("hub", Format.DOCKER, RepositoryType.REMOTE, UPSTREAM, null, null,
                Duration.ofSeconds(-1), Duration.ZERO, List.of(), List.of(), null))
                .hasMessage("metadataTtl: -1s is negative (expected 0s or more)");
    }

    @Test
    void portZeroPicksAFreePortForTests() {
        assertThat(ServerConfig.onPort(0).port()).isZero();
    }

    @Test
    void listsAreCopiedSoTheRecordStaysImmutable() {
        List<String> members = new ArrayList<>(List.of("images"));
        RepositoryConfig virtual = RepositoryConfig.virtual("docker", Format.DOCKER, members, "images");
        members.add("dockerhub");

        assertThat(virtual.members()).containsExactly("images");
        assertThatThrownBy(() -> virtual.members().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void wharfConfigLooksUpRepositoriesByKey() {
        RepositoryConfig hub = RepositoryConfig.remote("dockerhub", Format.DOCKER, UPSTREAM);
        WharfConfig config = new WharfConfig(ServerConfig.onPort(0),
                new StorageConfig(BlobsConfig.filesystem(Path.of("/tmp/b")), MetadataConfig.embedded(Path.of("/tmp/m")),
                        CoordinationConfig.IN_PROCESS),
                new DockerConfig("dockerhub"), new AuthConfig(true), List.of(hub));

        assertThat(config.repository("dockerhub")).contains(hub);
        assertThat(config.repository("ghcr")).isEmpty();
    }

    @Test
    void formatAndTypeReadTheirLowerCaseNames() {
        assertThat(Format.of("terraform")).isEqualTo(Format.TERRAFORM);
        assertThat(Format.GO.id()).isEqualTo("go");
        assertThat(RepositoryType.of("virtual")).isEqualTo(RepositoryType.VIRTUAL);
        assertThatThrownBy(() -> Format.of("DOCKER")).hasMessageStartingWith("\"DOCKER\" is not one of docker, pypi");
    }
}
