package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.CountingBlobUpstream;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent misses for one blob share a single upstream fetch, and every client gets the right bytes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SingleFillTest {
    private static final int CLIENTS = 32;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void thirtyTwoConcurrentMissesMakeOneUpstreamGet() throws InterruptedException, ExecutionException {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (CountingBlobUpstream upstream = new CountingBlobUpstream(Duration.ofSeconds(2))) {
            String digest = upstream.add(PseudoRandomBytes.array(701, 16 << 20));
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", upstream.url())));
            String blobUrl = wharf.url() + "/v2/hub/e2e/blob/blobs/" + digest;

            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpProbe.Streamed>> bodies = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                bodies.add(clients.submit(() -> {
                    go.await();
                    return HttpProbe.getStreamed(blobUrl);
                }));
            }
            go.countDown();

            for (Future<HttpProbe.Streamed> body : bodies) {
                HttpProbe.Streamed streamed = body.get();
                assertThat(streamed.status()).as(streamed.toString()).isEqualTo(200);
                assertThat(streamed.completed()).as(streamed.toString()).isTrue();
                assertThat(streamed.digest()).isEqualTo(digest);
            }
            assertThat(upstream.blobGets(digest)).as(upstream.toString()).isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }
}
