package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The layouts are valid OCI: every blob is named by its digest, the JSON agrees, and tar reads the layer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImageFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    @RequiredProgram(value = "tar", debianPackage = "tar")
    void buildsAnImageWhoseLayerHoldsTheRandomPayload() throws IOException {
        OciLayout layout = ImageFactory.image(tmp.resolve("image"), "v1", 42, 8);

        assertThat(layout.isIndex()).isFalse();
        assertEveryBlobIsNamedByItsDigest(layout.dir());
        OciImage image = layout.image();
        JsonNode manifest = JSON.readTree(layout.blob(image.manifest().digest()).toFile());
        assertThat(manifest.at("/config/digest").asText()).isEqualTo(image.config().digest());
        assertThat(manifest.at("/layers/0/digest").asText()).isEqualTo(image.layers().get(0).digest());
        assertThat(manifest.at("/layers/0/size").asLong()).isEqualTo(Files.size(layout.blob(image.layers().get(0).digest())));
        assertThat(image.layers().get(0).size()).isGreaterThan(8L << 20);
        JsonNode index = JSON.readTree(layout.dir().resolve("index.json").toFile());
        assertThat(index.at("/manifests/0/digest").asText()).isEqualTo(image.manifest().digest());
        assertThat(index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo("v1");

        JsonNode config = JSON.readTree(layout.blob(image.config().digest()).toFile());
        try (InputStream tar = new GZIPInputStream(Files.newInputStream(layout.blob(image.layers().get(0).digest())))) {
            assertThat(Sha256.ofStream(tar)).isEqualTo(config.at("/rootfs/diff_ids/0").asText());
        }
        Processes.Outcome listing = Processes.run(
                new ProcessBuilder("tar", "-tvzf", layout.blob(image.layers().get(0).digest()).toString()),
                tmp.resolve("tar.log"), Duration.ofSeconds(30)).requireSuccess();
        assertThat(listing.output()).contains("payload-42.bin").contains(Long.toString(8L << 20));
    }

    @Test
    void sameSeedSameDigests() {
        OciLayout first = ImageFactory.image(tmp.resolve("a"), "v1", 7, 1);
        OciLayout second = ImageFactory.image(tmp.resolve("b"), "v1", 7, 1);
        OciLayout other = ImageFactory.image(tmp.resolve("c"), "v1", 8, 1);

        assertThat(second.root()).isEqualTo(first.root());
        assertThat(other.root().digest()).isNotEqualTo(first.root().digest());
    }

    @Test
    void buildsATwoPlatformIndex() throws IOException {
        OciLayout layout = ImageFactory.index(tmp.resolve("index"), "multi", 5, 1);

        assertThat(layout.isIndex()).isTrue();
        assertEveryBlobIsNamedByItsDigest(layout.dir());
        JsonNode index = JSON.readTree(layout.blob(layout.root().digest()).toFile());
        assertThat(index.path("mediaType").asText()).isEqualTo(RegistryMediaTypes.OCI_INDEX);
        assertThat(index.path("manifests")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            OciImage image = layout.images().get(i);
            assertThat(index.at("/manifests/" + i + "/digest").asText()).isEqualTo(image.manifest().digest());
            assertThat("linux/" + index.at("/manifests/" + i + "/platform/architecture").asText()).isEqualTo(image.platform());
        }
        assertThat(layout.images().get(0).layers()).doesNotContainAnyElementsOf(layout.images().get(1).layers());
    }

    @Test
    void buildsADockerManifestListOfSchema2ImagesWithTheirDiffIds() throws IOException {
        OciLayout layout = ImageFactory.index(tmp.resolve("list"), "multi", 9, 1, ImageFlavor.DOCKER);

        assertThat(layout.isIndex()).isTrue();
        assertThat(layout.root().mediaType()).isEqualTo(RegistryMediaTypes.DOCKER_MANIFEST_LIST);
        assertEveryBlobIsNamedByItsDigest(layout.dir());
        JsonNode list = JSON.readTree(layout.blob(layout.root().digest()).toFile());
        assertThat(list.path("mediaType").asText()).isEqualTo(RegistryMediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(list.at("/manifests/0/mediaType").asText()).isEqualTo(RegistryMediaTypes.DOCKER_MANIFEST);
        for (OciImage image : layout.images()) {
            JsonNode manifest = JSON.readTree(layout.blob(image.manifest().digest()).toFile());
            assertThat(manifest.path("mediaType").asText()).isEqualTo(RegistryMediaTypes.DOCKER_MANIFEST);
            assertThat(manifest.at("/config/mediaType").asText()).isEqualTo(RegistryMediaTypes.DOCKER_CONFIG);
            assertThat(manifest.at("/layers/0/mediaType").asText()).isEqualTo(RegistryMediaTypes.DOCKER_LAYER_GZIP);
            JsonNode config = JSON.readTree(layout.blob(image.config().digest()).toFile());
            assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(image.diffIds().get(0));
            try (InputStream tar = new GZIPInputStream(Files.newInputStream(layout.blob(image.layers().get(0).digest())))) {
                assertThat(Sha256.ofStream(tar)).isEqualTo(image.diffIds().get(0));
            }
        }
        assertThat(layout.hostImage().platform()).isEqualTo(OciLayout.hostPlatform());
    }

    private static void assertEveryBlobIsNamedByItsDigest(Path layoutDir) throws IOException {
        try (Stream<Path> blobs = Files.list(layoutDir.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                assertThat(Sha256.ofFile(blob)).isEqualTo(Sha256.PREFIX + blob.getFileName());
            }
        }
    }
}
