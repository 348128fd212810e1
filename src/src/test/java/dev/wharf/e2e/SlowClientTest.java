package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImagePublisher;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client reading a 256 MiB cached blob at 4 MiB/s ({@code curl --limit-rate 4M}, about 64 s) gets every
 * byte, although Wharf's {@code server.idleTimeout} is 5 s: a connection whose bytes are still draining
 * to the client is busy, not idle.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@RequiredProgram(value = "curl", debianPackage = "curl")
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class SlowClientTest {
    private static final long SIZE = 256L << 20;
    private static final long SEED = 701;
    private static final Duration CURL_LIMIT = Duration.ofSeconds(90);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void aRateLimitedClientReadsALargeCachedBlobToTheEnd() throws IOException {
        String digest;
        try (InputStream bytes = PseudoRandomBytes.stream(SEED, SIZE)) {
            digest = Sha256.ofStream(bytes);
        }
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            new ImagePublisher(registry.url()).uploadBlob("e2e/big", digest, SIZE, () -> PseudoRandomBytes.stream(SEED, SIZE));
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .idleTimeout("5s")
                    .remote(RemoteRepository.of("hub", registry.url())));
            String blobUrl = wharf.url() + "/v2/hub/e2e/big/blobs/" + digest;
            HttpProbe.Streamed fill = HttpProbe.getStreamed(blobUrl);
            assertThat(fill.completed()).as(fill.toString()).isTrue();
            assertThat(fill.digest()).isEqualTo(digest);
            Path committed = wharf.committedBlob(digest);
            Waits.until(Duration.ofSeconds(20), "the blob committed at " + committed, () -> Files.isRegularFile(committed));
            registry.stop();

            Path download = tmp.resolve("download.bin");
            Processes.Outcome curl = Processes.run(new ProcessBuilder("curl", "--silent", "--show-error",
                    "--limit-rate", "4M", "--max-time", Long.toString(CURL_LIMIT.toSeconds() - 5),
                    "--output", download.toString(), "--write-out", "status=%{http_code} bytes=%{size_download}\n", blobUrl),
                    tmp.resolve("curl.log"), CURL_LIMIT);

            assertThat(curl.exitCode()).as("curl exit code; its output: " + curl.output()).isZero();
            assertThat(curl.output()).contains("status=200 bytes=" + SIZE);
            assertThat(Sha256.ofFile(download)).isEqualTo(digest);
        }
    }
}
