package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.GeneratedBlobUpstream;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB cold blob streams through a Wharf whose heap and direct memory are 128 MiB each: nothing is buffered whole. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LargeBlobStreamingTest {
    private static final long GIB = 1L << 30;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void streamsOneGibibyteColdWithASmallHeap() throws IOException {
        try (GeneratedBlobUpstream upstream = new GeneratedBlobUpstream(1001, GIB)) {
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", upstream.url()))
                    .jvmOptions("-Xmx128m", "-XX:MaxDirectMemorySize=128m"));

            HttpProbe.Streamed body = HttpProbe.getStreamed(wharf.url() + "/v2/hub/e2e/big/blobs/" + upstream.digest());

            assertThat(body.status()).as(body.toString()).isEqualTo(200);
            assertThat(body.completed()).as(body.toString()).isTrue();
            assertThat(body.bytes()).isEqualTo(GIB);
            assertThat(body.digest()).isEqualTo(upstream.digest());
            Path committed = wharf.committedBlob(upstream.digest());
            Waits.until(Duration.ofSeconds(20), "the blob committed at " + committed, () -> Files.isRegularFile(committed));
            assertThat(Files.size(committed)).isEqualTo(GIB);
            assertThat(upstream.blobGets(upstream.digest())).isEqualTo(1);
        }
    }
}
