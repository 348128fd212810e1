package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.ImagePublisher;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remembered upstream 404 ends after {@code negativeTtl} however often it is asked for: a client that
 * polls a missing tag every 200 ms sees it within negativeTtl + 1 s of its push upstream.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class NegativeCacheTest {
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration POLLING_BEFORE_PUSH = NEGATIVE_TTL.plusSeconds(1);
    private static final Duration VISIBLE_WITHIN = NEGATIVE_TTL.plusSeconds(1);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void aPolledMissingTagIsSeenWithinTheNegativeTtlOfItsPush() {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "late", 801, 1);
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", registry.url()).negativeTtl(NEGATIVE_TTL.toSeconds() + "s")));
            String tagUrl = wharf.url() + "/v2/hub/e2e/late/manifests/late";
            List<String> polls = new ArrayList<>();

            long pollingStart = System.nanoTime();
            while (System.nanoTime() - pollingStart < POLLING_BEFORE_PUSH.toNanos()) {
                HttpProbe.Reply missing = poll(tagUrl, polls, pollingStart);
                assertThat(missing.status()).as("before the push: " + missing).isEqualTo(404);
            }
            new ImagePublisher(registry.url()).publish(layout, "e2e/late");
            long pushed = System.nanoTime();
            polls.add("pushed at " + millisSince(pollingStart) + " ms");
            HttpProbe.Reply seen = poll(tagUrl, polls, pollingStart);
            while (seen.status() == 404 && System.nanoTime() - pushed < VISIBLE_WITHIN.toNanos()) {
                seen = poll(tagUrl, polls, pollingStart);
            }

            assertThat(seen.status()).as("the tag %s ms after its push, negativeTtl %s; polls: %s",
                    millisSince(pushed), NEGATIVE_TTL, polls).isEqualTo(200);
            assertThat(seen.digest()).isEqualTo(layout.root().digest());
        }
    }

    /** Waits one interval, then GETs the tag and records the status with its time. */
    private static HttpProbe.Reply poll(String tagUrl, List<String> polls, long start) {
        Waits.sleep(POLL_INTERVAL);
        HttpProbe.Reply reply = HttpProbe.get(tagUrl, "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
        polls.add(millisSince(start) + " ms: " + reply.status());
        return reply;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
