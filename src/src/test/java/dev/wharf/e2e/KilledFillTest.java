package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImagePublisher;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RegularFiles;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import dev.wharf.e2e.support.ThrottledRelay;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Wharf killed with SIGKILL in the middle of a fill (a 64 MiB blob from docker-registry, slowed to 4 MiB/s
 * by a relay) leaves a staging file behind; restarted on the same data, it reaps that staging (no live fill
 * owns it) within a few seconds of being ready, in the blob store's {@code tmp/} and in the spool
 * ({@code cache.spoolPath}, when configured), and the next fill of the blob succeeds and leaves nothing
 * behind either.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class KilledFillTest {
    private static final long SIZE = 64L << 20;
    private static final long SEED = 1401;
    private static final long RATE = 4L << 20;
    private static final Duration REAPED_WITHIN = Duration.ofSeconds(10);

    /** Where the spool is: Wharf's default place, or a {@code cache.spoolPath} of the test's. */
    enum Spool { DEFAULT, CONFIGURED }

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Spool.class)
    void aRestartReapsTheStagingOfAFillKilledMidTransfer(Spool spool) throws IOException {
        String digest = Sha256.ofStream(PseudoRandomBytes.stream(SEED, SIZE));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"));
             ThrottledRelay relay = new ThrottledRelay(registry.port(), RATE)) {
            new ImagePublisher(registry.url()).uploadBlob("e2e/big", digest, SIZE, () -> PseudoRandomBytes.stream(SEED, SIZE));
            WharfProcess.Builder builder = WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", relay.url()));
            if (spool == Spool.CONFIGURED) {
                builder.spoolPath(tmp.resolve("wharf").resolve("spool"));
            }
            WharfProcess wharf = wharfs.start(builder);
            String blobPath = "/v2/hub/e2e/big/blobs/" + digest;

            CompletableFuture<HttpProbe.Streamed> pull = CompletableFuture.supplyAsync(() -> HttpProbe.getStreamed(wharf.url() + blobPath));
            Waits.until(Duration.ofSeconds(20), "the fill to stage bytes", () -> !leftovers(wharf).isEmpty(),
                    () -> "relayed " + relay.responseBytes() + " bytes; staging: " + leftovers(wharf));
            wharf.kill();
            List<Path> staged = leftovers(wharf);
            assertThat(relay.responseBytes()).as("killed in the middle of the fill").isLessThan(SIZE);
            assertThat(staged).as("the kill left the fill's staging behind").isNotEmpty();
            assertThat(pull.handle((body, failure) -> failure != null || !body.completed()).join())
                    .as("the pull was cut by the kill").isTrue();
            assertThat(wharf.committedBlob(digest)).doesNotExist();

            WharfProcess restarted = wharfs.start(builder);
            Waits.until(REAPED_WITHIN, "the restarted Wharf to reap the staging of the killed fill " + staged,
                    () -> leftovers(restarted).isEmpty(), () -> "still there: " + leftovers(restarted));

            relay.unthrottle();
            HttpProbe.Streamed refill = HttpProbe.getStreamed(restarted.url() + blobPath);
            assertThat(refill.status()).as(refill.toString()).isEqualTo(200);
            assertThat(refill.completed()).as(refill.toString()).isTrue();
            assertThat(refill.digest()).isEqualTo(digest);
            Waits.until(REAPED_WITHIN, "the blob committed, nothing left staged", () -> Files.isRegularFile(restarted.committedBlob(digest))
                    && leftovers(restarted).isEmpty(), () -> "staging: " + leftovers(restarted));
        }
    }

    /** Regular files in the blob store's staging directory and in the configured spool: none while no fill runs. */
    private static List<Path> leftovers(WharfProcess wharf) {
        List<Path> files = new ArrayList<>(RegularFiles.under(wharf.blobsDir().resolve("tmp")));
        if (wharf.spoolDir() != null) {
            files.addAll(RegularFiles.under(wharf.spoolDir()));
        }
        return files;
    }
}
