package dev.wharf.storage.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class S3LayoutTest {
    private static final Digest DIGEST = Digest.sha256Of("laid out".getBytes());
    private final S3Layout layout = new S3Layout("wharf/");

    @Test
    void blobsLiveByDigestAndStagingByWriter() {
        UUID writer = UUID.fromString("3f6c1e0a-0000-4000-8000-000000000001");

        assertThat(layout.blobKey(DIGEST)).isEqualTo("wharf/blobs/sha256/" + DIGEST.hex());
        assertThat(layout.stagingKey(writer)).isEqualTo("wharf/tmp/3f6c1e0a-0000-4000-8000-000000000001");
        assertThat(new S3Layout("").blobKey(DIGEST)).isEqualTo("blobs/sha256/" + DIGEST.hex());
    }

    @Test
    void onlyDigestKeysUnderBlobsAreBlobs() {
        assertThat(layout.digestOf(layout.blobKey(DIGEST))).contains(DIGEST);
        assertThat(layout.digestOf("wharf/blobs/sha256/notes.txt")).isEmpty();
        assertThat(layout.digestOf("wharf/blobs/sha256/" + DIGEST.hex().toUpperCase())).isEmpty();
        assertThat(layout.digestOf("other/blobs/sha256/" + DIGEST.hex())).isEmpty();
    }

    @Test
    void writersOwnBlobsAndStagingButNotUploadSessions() {
        assertThat(layout.isWriterKey(layout.blobKey(DIGEST))).isTrue();
        assertThat(layout.isWriterKey(layout.stagingKey(UUID.randomUUID()))).isTrue();
        assertThat(layout.isWriterKey("wharf/uploads/" + UUID.randomUUID() + "/data")).isFalse();
        assertThat(layout.isWriterKey("elsewhere/blobs/sha256/" + DIGEST.hex())).isFalse();
    }
}
