package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import org.junit.jupiter.api.Test;

class DockerRequestTest {
    private static final ImageName STRIPPED = new ImageName("library/ubuntu");
    private static final Digest DIGEST = Digest.parse("sha256:" + "12".repeat(32));

    @Test
    void validatesUploadIds() {
        assertThat(DockerRequest.Upload.isValidUuid("3f1c0e7a-9b1d-4c2e-8f00-1a2b3c4d5e6f")).isTrue();
        assertThat(DockerRequest.Upload.isValidUuid("_-x.y=")).isTrue();
        for (String bad : new String[] {"", ".", "..", ".x", "=x", "a/b", "a b", "a%2f", "a:b", "\u00e9", "u".repeat(129)}) {
            assertThat(DockerRequest.Upload.isValidUuid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> new DockerRequest.Upload(STRIPPED, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("(expected: [A-Za-z0-9_-][A-Za-z0-9._=-]{0,127})");
        }
        assertThat(DockerRequest.Upload.isValidUuid(null)).isFalse();
    }

    @Test
    void requiresEveryPart() {
        assertThatThrownBy(() -> new DockerRequest.Manifest(null, new Reference.Tag("x"))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DockerRequest.Manifest(STRIPPED, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DockerRequest.Blob(STRIPPED, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DockerRequest.Referrers(null, DIGEST)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DockerRequest.Upload(STRIPPED, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DockerRequest.TagList(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DockerRequest.UploadStart(null)).isInstanceOf(NullPointerException.class);
    }
}
