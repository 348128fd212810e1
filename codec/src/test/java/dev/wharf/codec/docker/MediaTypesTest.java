package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

    @Test
    void acceptsEveryManifestAndIndexType() {
        assertThat(Arrays.stream(MediaTypes.defaultAccept().split(",")).map(String::strip))
                .containsExactlyInAnyOrder(
                        "application/vnd.oci.image.index.v1+json",
                        "application/vnd.oci.image.manifest.v1+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json",
                        "application/vnd.docker.distribution.manifest.v2+json")
                .allMatch(MediaTypes::isManifest);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.manifest.v1+json; charset=utf-8",
        "APPLICATION/VND.OCI.IMAGE.MANIFEST.V1+JSON",
        " application/vnd.docker.distribution.manifest.v2+json ;x=y",
    })
    void recognisesImageManifests(String type) {
        assertThat(MediaTypes.isManifest(type)).isTrue();
        assertThat(MediaTypes.isIndex(type)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json;charset=utf-8",
    })
    void recognisesIndexesAsManifestsToo(String type) {
        assertThat(MediaTypes.isIndex(type)).isTrue();
        assertThat(MediaTypes.isManifest(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        MediaTypes.DOCKER_CONFIG, MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_LAYER, MediaTypes.DOCKER_FOREIGN_LAYER,
        MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_EMPTY,
        "application/json", "application/octet-stream", "", ";",
        "application/vnd.oci.image.manifest.v1+jsonx",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
    })
    void rejectsOtherTypes(String type) {
        assertThat(MediaTypes.isManifest(type)).isFalse();
        assertThat(MediaTypes.isIndex(type)).isFalse();
    }

    @Test
    void nullIsNoManifest() {
        assertThat(MediaTypes.isManifest(null)).isFalse();
        assertThat(MediaTypes.isIndex(null)).isFalse();
    }
}
