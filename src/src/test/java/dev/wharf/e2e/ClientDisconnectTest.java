package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.CountingBlobUpstream;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A client leaving mid-download does not cancel the fill: the next request is a hit, even with the upstream gone. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientDisconnectTest {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void theFillOutlivesTheClientThatStartedIt() {
        String digest;
        WharfProcess wharf;
        String blobPath;
        try (CountingBlobUpstream upstream = new CountingBlobUpstream(Duration.ofSeconds(3))) {
            digest = upstream.add(PseudoRandomBytes.array(901, 32 * MIB));
            wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", upstream.url())));
            blobPath = "/v2/hub/e2e/blob/blobs/" + digest;

            HttpProbe.Partial partial = HttpProbe.readPartially(wharf.hostPort(), blobPath, MIB);
            assertThat(partial.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(partial.bodyBytesRead()).isEqualTo(MIB);

            upstream.awaitFinishedBlobGets(digest, 1, Duration.ofSeconds(30));
            Path committed = wharf.committedBlob(digest);
            Waits.until(Duration.ofSeconds(10), "the blob committed at " + committed, () -> Files.isRegularFile(committed));
            assertThat(upstream.blobGets(digest)).isEqualTo(1);
        }

        HttpProbe.Streamed hit = HttpProbe.getStreamed(wharf.url() + blobPath);
        assertThat(hit.status()).as(hit.toString()).isEqualTo(200);
        assertThat(hit.completed()).as(hit.toString()).isTrue();
        assertThat(hit.bytes()).isEqualTo(32 * MIB);
        assertThat(hit.digest()).isEqualTo(digest);
    }
}
