package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.Reference;
import dev.wharf.app.BuiltInFormats;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.WharfConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerRepositoriesTest {
    @TempDir
    Path dir;

    private DockerRepositories repositories(String defaultRepository) throws IOException {
        Path file = dir.resolve("wharf.yaml");
        Files.writeString(file, """
                docker: { defaultRepository: %s }
                repositories:
                  - { key: dockerhub, format: docker, type: remote, url: "https://registry-1.docker.io", blocklist: ["evil/*", "**/miner", "library/ubuntu"] }
                  - { key: ghcr, format: docker, type: remote, url: "https://ghcr.io" }
                  - { key: mine, format: docker, type: remote, url: "http://127.0.0.1:5000/prefix/" }
                  - { key: images, format: docker, type: local }
                  - { key: files, format: generic, type: remote, url: "https://downloads.example.com" }
                """.formatted(defaultRepository));
        return repositories(ConfigLoader.load(file, Map.of(), new BuiltInFormats()));
    }

    private static DockerRepositories repositories(WharfConfig config) {
        return new DockerRepositories(config.repositories().stream().filter(r -> r.format().equals(DockerFormat.ID)).toList(),
                config.section(DockerFormat.ID, DockerSettings.class).defaultRepository(), repo -> new RemoteDockerRepository(repo, null),
                repo -> new LocalDockerRepository(repo.key(), null));
    }

    @Test
    void pathModeStripsTheRepositoryKey() throws IOException {
        Optional<DockerRepositories.Target> target = repositories("dockerhub").resolve(new ImageName("ghcr/org/tool"), Optional.empty());
        assertThat(target).get().satisfies(t -> {
            assertThat(t.repository().key()).isEqualTo("ghcr");
            assertThat(t.name().value()).isEqualTo("org/tool");
        });
    }

    @Test
    void mirrorModeUsesTheDefaultRepository() throws IOException {
        Optional<DockerRepositories.Target> target = repositories("dockerhub").resolve(new ImageName("alpine"), Optional.empty());
        assertThat(target).get().satisfies(t -> {
            assertThat(t.repository().key()).isEqualTo("dockerhub");
            assertThat(t.name().value()).isEqualTo("alpine");
        });
    }

    @Test
    void aSingleComponentNamedLikeAKeyIsAnImageName() throws IOException {
        assertThat(repositories("dockerhub").resolve(new ImageName("ghcr"), Optional.empty()))
                .get().satisfies(t -> assertThat(t.repository().key()).isEqualTo("dockerhub"));
    }

    @Test
    void containerdNamespacePicksTheRemoteByUpstreamHost() throws IOException {
        DockerRepositories repos = repositories("dockerhub");
        assertThat(repos.resolve(new ImageName("org/tool"), Optional.of("ghcr.io")))
                .get().satisfies(t -> assertThat(t.repository().key()).isEqualTo("ghcr"));
        assertThat(repos.resolve(new ImageName("library/alpine"), Optional.of("docker.io")))
                .get().satisfies(t -> assertThat(t.repository().key()).isEqualTo("dockerhub"));
        assertThat(repos.resolve(new ImageName("x/y"), Optional.of("127.0.0.1:5000")))
                .get().satisfies(t -> assertThat(t.repository().key()).isEqualTo("mine"));
    }

    @Test
    void anNsNoRemoteServesIsNotGivenToTheDefaultRepository() throws IOException {
        assertThat(repositories("dockerhub").resolve(new ImageName("x/y"), Optional.of("quay.io"))).isEmpty();
    }

    @Test
    void anNsWinsOverAFirstComponentThatIsARepositoryKey() throws IOException {
        assertThat(repositories("dockerhub").resolve(new ImageName("ghcr/busybox"), Optional.of("127.0.0.1:5000")))
                .get().satisfies(t -> {
                    assertThat(t.repository().key()).isEqualTo("mine");
                    assertThat(t.name().value()).isEqualTo("ghcr/busybox");
                });
    }

    @Test
    void withoutADefaultAnUnknownFirstComponentResolvesToNothing() throws IOException {
        Path file = dir.resolve("nodefault.yaml");
        Files.writeString(file, """
                repositories:
                  - { key: hub, format: docker, type: remote, url: "http://127.0.0.1:5000" }
                """);
        DockerRepositories repos = repositories(ConfigLoader.load(file, Map.of(), new BuiltInFormats()));
        assertThat(repos.resolve(new ImageName("other/image"), Optional.empty())).isEmpty();
    }

    @Test
    void onlyRemotesHaveARemote() throws IOException {
        DockerRepositories repos = repositories("dockerhub");
        assertThat(repos.resolve(new ImageName("images/x"), Optional.empty())).get()
                .satisfies(t -> assertThat(t.remote()).isEmpty());
        assertThat(repos.local("images")).isPresent();
        assertThat(repos.local("ghcr")).isEmpty();
        assertThat(repos.keys()).doesNotContain("files");
        assertThat(remote(repos, "ghcr")).isNotNull();
    }

    private static RemoteDockerRepository remote(DockerRepositories repos, String key) {
        return repos.remote(key).orElseThrow();
    }

    @Test
    void dockerHubNamesGetTheLibraryPrefixUpstreamOthersDoNot() throws IOException {
        DockerRepositories repos = repositories("dockerhub");
        RemoteDockerRepository hub = remote(repos, "dockerhub");
        assertThat(hub.manifestUri(hub.upstreamName(new ImageName("alpine")), Reference.parse("3")).toString())
                .isEqualTo("https://registry-1.docker.io/v2/library/alpine/manifests/3");
        assertThat(hub.manifestUri(hub.upstreamName(new ImageName("org/app")), Reference.parse("3")).toString())
                .isEqualTo("https://registry-1.docker.io/v2/org/app/manifests/3");
        RemoteDockerRepository ghcr = remote(repos, "ghcr");
        assertThat(ghcr.upstreamName(new ImageName("tool")).value()).isEqualTo("tool");
        RemoteDockerRepository mine = remote(repos, "mine");
        assertThat(mine.manifestUri(new ImageName("x/y"), Reference.parse("v1")).toString())
                .isEqualTo("http://127.0.0.1:5000/prefix/v2/x/y/manifests/v1");
    }

    @Test
    void blocklistsAndCachePathsUseTheUpstreamsName() throws IOException {
        RemoteDockerRepository hub = remote(repositories("dockerhub"), "dockerhub");
        assertThat(hub.isBlocked(hub.upstreamName(new ImageName("ubuntu")))).isTrue();
        assertThat(hub.isBlocked(hub.upstreamName(new ImageName("library/ubuntu")))).isTrue();
        assertThat(ManifestService.path(hub.upstreamName(new ImageName("alpine")), Reference.parse("3")))
                .isEqualTo(ManifestService.path(hub.upstreamName(new ImageName("library/alpine")), Reference.parse("3")));
    }

    @Test
    void blocklistGlobsMatchImageNames() throws IOException {
        RemoteDockerRepository hub = remote(repositories("dockerhub"), "dockerhub");
        assertThat(hub.isBlocked(new ImageName("evil/thing"))).isTrue();
        assertThat(hub.isBlocked(new ImageName("evil/thing/deeper"))).isFalse();
        assertThat(hub.isBlocked(new ImageName("a/b/miner"))).isTrue();
        assertThat(hub.isBlocked(new ImageName("miner"))).isTrue();
        assertThat(hub.isBlocked(new ImageName("library/alpine"))).isFalse();
    }
}
