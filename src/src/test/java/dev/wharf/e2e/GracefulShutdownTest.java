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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops accepting but lets a transfer in flight finish. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void aTransferInFlightCompletesAfterSigterm() throws Exception {
        try (CountingBlobUpstream upstream = new CountingBlobUpstream(Duration.ofSeconds(3))) {
            String digest = upstream.add(PseudoRandomBytes.array(1201, 16 << 20));
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", upstream.url())));
            String blobUrl = wharf.url() + "/v2/hub/e2e/blob/blobs/" + digest;

            CompletableFuture<HttpProbe.Streamed> download = CompletableFuture.supplyAsync(() -> HttpProbe.getStreamed(blobUrl));
            Waits.until(Duration.ofSeconds(10), "the upstream GET to start", () -> upstream.blobGets(digest) == 1);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(wharf::stop);

            HttpProbe.Streamed body = download.get(60, TimeUnit.SECONDS);
            assertThat(body.status()).as(body.toString()).isEqualTo(200);
            assertThat(body.completed()).as(body.toString()).isTrue();
            assertThat(body.digest()).isEqualTo(digest);
            stopping.get(30, TimeUnit.SECONDS);
            assertThat(wharf.isRunning()).isFalse();
            assertThat(Files.readString(wharf.log())).contains("stopping: 1 responses in flight").contains("stopped");
        }
    }
}
