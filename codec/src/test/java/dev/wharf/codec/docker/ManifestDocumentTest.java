package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    private static ManifestDocument parse(String json, String type) throws Exception {
        return ManifestDocument.parse(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static String descriptor(String type, String digest, long size) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    @Test
    void imageManifestListsConfigAndLayersAsBlobs() throws Exception {
        ManifestDocument doc = parse("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":"
                + descriptor(MediaTypes.DOCKER_CONFIG, A, 10) + ",\"layers\":[" + descriptor(MediaTypes.DOCKER_LAYER, B, 20)
                + "]}", MediaTypes.DOCKER_MANIFEST);
        assertThat(doc.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(doc.isIndex()).isFalse();
        assertThat(doc.blobs()).extracting(ManifestDocument.Descriptor::digest).containsExactly(Digest.parse(A), Digest.parse(B));
        assertThat(doc.manifests()).isEmpty();
        assertThat(doc.subject()).isEmpty();
        assertThat(doc.artifactType()).isEmpty();
    }

    @Test
    void foreignAndNondistributableLayersAreNotRequired() throws Exception {
        ManifestDocument doc = parse("{\"schemaVersion\":2,\"config\":" + descriptor(MediaTypes.OCI_CONFIG, A, 1) + ",\"layers\":["
                + descriptor(MediaTypes.DOCKER_FOREIGN_LAYER, B, 1) + ","
                + descriptor("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", C, 1) + "]}", MediaTypes.OCI_MANIFEST);
        assertThat(doc.blobs()).extracting(ManifestDocument.Descriptor::digest).containsExactly(Digest.parse(A));
    }

    @Test
    void indexListsChildManifests() throws Exception {
        ManifestDocument doc = parse("{\"schemaVersion\":2,\"manifests\":[" + descriptor(MediaTypes.OCI_MANIFEST, A, 5) + ","
                + descriptor(MediaTypes.OCI_MANIFEST, B, 6) + "]}", MediaTypes.OCI_INDEX);
        assertThat(doc.isIndex()).isTrue();
        assertThat(doc.manifests()).extracting(ManifestDocument.Descriptor::digest).containsExactly(Digest.parse(A), Digest.parse(B));
        assertThat(doc.blobs()).isEmpty();
    }

    @Test
    void artifactWithSubjectAndAnnotations() throws Exception {
        ManifestDocument doc = parse("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":" + descriptor("application/vnd.example.sbom", A, 2) + ",\"layers\":[],"
                + "\"subject\":" + descriptor(MediaTypes.OCI_MANIFEST, C, 300) + ",\"annotations\":{\"org.example\":\"x\"}}", null);
        assertThat(doc.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(doc.subject()).map(ManifestDocument.Descriptor::digest).hasValue(Digest.parse(C));
        assertThat(doc.artifactType()).as("the config type stands in for a missing artifactType").hasValue("application/vnd.example.sbom");
        assertThat(doc.annotations()).containsEntry("org.example", "x");
    }

    @Test
    void explicitArtifactTypeWins() throws Exception {
        ManifestDocument doc = parse("{\"schemaVersion\":2,\"artifactType\":\"application/vnd.example.sig\",\"config\":"
                + descriptor(MediaTypes.OCI_EMPTY, A, 2) + ",\"layers\":[]}", MediaTypes.OCI_MANIFEST);
        assertThat(doc.artifactType()).hasValue("application/vnd.example.sig");
    }

    @Test
    void withoutContentTypeTheDocumentNamesItsType() throws Exception {
        assertThat(parse("{\"schemaVersion\":2,\"manifests\":[]}", null).mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(parse("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":[]}", "")
                .mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    }

    @Test
    void refusesWhatARegistryMustNotStore() {
        String config = descriptor(MediaTypes.OCI_CONFIG, A, 1);
        assertInvalid("not json", MediaTypes.OCI_MANIFEST, "not valid JSON");
        assertInvalid("[]", MediaTypes.OCI_MANIFEST, "not a JSON object");
        assertInvalid("{\"schemaVersion\":1}", MediaTypes.OCI_MANIFEST, "schema 1");
        assertInvalid("{\"schemaVersion\":2,\"config\":" + config + ",\"layers\":[]}", MediaTypes.DOCKER_SCHEMA1_SIGNED, "schema 1");
        assertInvalid("{\"config\":" + config + ",\"layers\":[]}", MediaTypes.OCI_MANIFEST, "schemaVersion");
        assertInvalid("{\"schemaVersion\":2,\"config\":" + config + ",\"layers\":[]}", "application/json", "not a manifest type");
        assertInvalid("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}", MediaTypes.OCI_MANIFEST,
                "does not match");
        assertInvalid("{\"schemaVersion\":2,\"layers\":[]}", MediaTypes.OCI_MANIFEST, "config");
        assertInvalid("{\"schemaVersion\":2,\"config\":" + config + "}", MediaTypes.OCI_MANIFEST, "layers");
        assertInvalid("{\"schemaVersion\":2,\"config\":" + descriptor(MediaTypes.OCI_CONFIG, "sha256:abc", 1) + ",\"layers\":[]}",
                MediaTypes.OCI_MANIFEST, "config.digest");
        assertInvalid("{\"schemaVersion\":2,\"config\":" + descriptor(MediaTypes.OCI_CONFIG, A, -1) + ",\"layers\":[]}",
                MediaTypes.OCI_MANIFEST, "config.size");
        assertInvalid("{\"schemaVersion\":2,\"manifests\":{}}", MediaTypes.OCI_INDEX, "manifests");
        assertInvalid("{\"schemaVersion\":2,\"schemaVersion\":2,\"manifests\":[]}", MediaTypes.OCI_INDEX, "not valid JSON");
        assertInvalid("{\"schemaVersion\":2,\"manifests\":[]} {}", MediaTypes.OCI_INDEX, "not valid JSON");
        assertInvalid("{\"schemaVersion\":2,\"manifests\":[],\"annotations\":{\"a\":1}}", MediaTypes.OCI_INDEX, "annotations.a");
    }

    private static void assertInvalid(String json, String type, String message) {
        assertThatThrownBy(() -> parse(json, type)).isInstanceOf(ManifestDocument.InvalidManifestException.class)
                .hasMessageContaining(message);
    }
}
