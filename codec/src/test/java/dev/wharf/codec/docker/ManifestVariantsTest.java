package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.http.Accept;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestVariantsTest {
    private static final Accept ALL = Accept.parse(List.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST));
    private static final Accept SCHEMA2_ONLY = Accept.parse(List.of(MediaTypes.DOCKER_MANIFEST));

    @Test
    void aClientAdmittingIndexesIsGivenOnlyWhatClientsLikeItWereGiven() {
        assertThat(ManifestVariants.acceptable(ALL)).containsExactlyElementsOf(ManifestVariants.TYPES);
        assertThat(ManifestVariants.variant(MediaTypes.OCI_INDEX, ALL)).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(ManifestVariants.variant(MediaTypes.DOCKER_MANIFEST, ALL)).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void aSchema2OnlyClientNeverGetsACachedIndexAndItsAnswersAreKeptApart() {
        List<String> acceptable = ManifestVariants.acceptable(SCHEMA2_ONLY);
        assertThat(acceptable).doesNotContain(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST)
                .containsExactly(MediaTypes.DOCKER_MANIFEST + ";narrow", MediaTypes.DOCKER_MANIFEST);
        String stored = ManifestVariants.variant(MediaTypes.DOCKER_MANIFEST, SCHEMA2_ONLY);
        assertThat(stored).isEqualTo(MediaTypes.DOCKER_MANIFEST + ";narrow");
        assertThat(ManifestVariants.acceptable(ALL)).doesNotContain(stored);
        assertThat(ManifestVariants.mediaType(stored)).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void noAcceptAdmitsEveryType() {
        assertThat(ManifestVariants.acceptable(Accept.parse(List.of()))).containsExactlyElementsOf(ManifestVariants.TYPES);
    }

    @Test
    void keysGroupClientsThatAdmitAlike() {
        assertThat(ManifestVariants.key(ALL)).isEqualTo(ManifestVariants.key(Accept.parse(List.of("*/*"))));
        assertThat(ManifestVariants.key(SCHEMA2_ONLY)).isNotEqualTo(ManifestVariants.key(ALL));
    }
}
