package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.FaultyBlobUpstream;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RegularFiles;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fill whose upstream body is cut short or has the wrong bytes aborts the client's transfer, commits
 * nothing, leaves no temporary file, and is tried upstream again by the next request.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailedFillTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(FaultyBlobUpstream.Mode.class)
    void aBadUpstreamBodyIsNeverCommittedNorCompletedToTheClient(FaultyBlobUpstream.Mode mode) {
        try (FaultyBlobUpstream upstream = new FaultyBlobUpstream(mode)) {
            String digest = upstream.add(PseudoRandomBytes.array(800 + mode.ordinal(), 4 << 20));
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", upstream.url())));
            String blobUrl = wharf.url() + "/v2/hub/e2e/blob/blobs/" + digest;

            assertTransferFailed(HttpProbe.getStreamed(blobUrl));
            upstream.awaitFinishedBlobGets(digest, 1, SETTLE);
            Path tmpDir = wharf.blobsDir().resolve("tmp");
            Waits.until(SETTLE, "Wharf's " + tmpDir + " to be empty", () -> RegularFiles.under(tmpDir).isEmpty(),
                    () -> "still there: " + RegularFiles.under(tmpDir));
            assertThat(RegularFiles.under(wharf.blobsDir().resolve("sha256"))).as("committed blobs").isEmpty();

            assertTransferFailed(HttpProbe.getStreamed(blobUrl));
            upstream.awaitFinishedBlobGets(digest, 2, SETTLE);
            assertThat(upstream.blobGets(digest)).as(upstream.toString()).isEqualTo(2);
            assertThat(RegularFiles.under(wharf.blobsDir().resolve("sha256"))).as("committed blobs").isEmpty();
        }
    }

    /** A failed fill shows as an error status before any byte, or as a 200 whose body ends short. */
    private static void assertTransferFailed(HttpProbe.Streamed body) {
        if (body.status() == 200) {
            assertThat(body.completed()).as("a 200 body must be cut short: " + body).isFalse();
        } else {
            assertThat(body.status()).as(body.toString()).isIn(502, 504);
        }
    }
}
