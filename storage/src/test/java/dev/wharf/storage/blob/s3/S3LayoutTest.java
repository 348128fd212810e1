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

    @Test
    void anUploadSessionHasAMarkerAndChunksNamedByTheirOffset() {
        UUID session = UUID.fromString("9b1d07c2-0000-4000-8000-000000000002");
        String prefix = "wharf/uploads/9b1d07c2-0000-4000-8000-000000000002/";

        assertThat(layout.sessionPrefix(session)).isEqualTo(prefix);
        assertThat(layout.sessionMarker(session)).isEqualTo(prefix + "started");
        assertThat(layout.chunkKey(session, 0)).isEqualTo(prefix + "0000000000000000000");
        assertThat(layout.chunkKey(session, Long.MAX_VALUE)).isEqualTo(prefix + Long.MAX_VALUE);
        assertThat(layout.chunkOffset(session, layout.chunkKey(session, 65_536))).isEqualTo(65_536);
        assertThat(layout.chunkOffset(session, layout.sessionMarker(session))).isEqualTo(-1);
        assertThat(layout.chunkOffset(session, prefix + "9999999999999999999")).as("past Long.MAX_VALUE").isEqualTo(-1);
        assertThat(layout.chunkOffset(UUID.randomUUID(), layout.chunkKey(session, 0))).isEqualTo(-1);
        assertThat(layout.sessionOf(layout.chunkKey(session, 5))).contains(session);
        assertThat(layout.sessionOf("wharf/uploads/not-a-uuid/started")).isEmpty();
        assertThat(layout.sessionOf("wharf/uploads/" + session)).as("no key below the session").isEmpty();
        assertThat(layout.sessionOf(layout.blobKey(DIGEST))).isEmpty();
        assertThat(layout.isWriterKey(layout.chunkKey(session, 0))).as("a chunk's upload is the session's").isFalse();
    }
}
