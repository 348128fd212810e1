package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static final ImageName NAME = new ImageName("library/ubuntu");
    private static final Digest DIGEST = Digest.parse("sha256:" + "0f".repeat(32));

    @Test
    void blobsAndManifestsByDigestAreImmutable() {
        assertThat(Classifier.isImmutable(new DockerRequest.Blob(NAME, DIGEST))).isTrue();
        assertThat(Classifier.isImmutable(new DockerRequest.Manifest(NAME, new Reference.DigestRef(DIGEST)))).isTrue();
    }

    @Test
    void everythingElseIsMutable() {
        assertThat(Classifier.isImmutable(new DockerRequest.Manifest(NAME, new Reference.Tag("latest")))).isFalse();
        assertThat(Classifier.isImmutable(new DockerRequest.TagList(NAME))).isFalse();
        assertThat(Classifier.isImmutable(new DockerRequest.Referrers(NAME, DIGEST))).isFalse();
        assertThat(Classifier.isImmutable(new DockerRequest.Catalog())).isFalse();
        assertThat(Classifier.isImmutable(new DockerRequest.Ping())).isFalse();
        assertThat(Classifier.isImmutable(new DockerRequest.UploadStart(NAME))).isFalse();
        assertThat(Classifier.isImmutable(new DockerRequest.Upload(NAME, "u-1"))).isFalse();
    }
}
