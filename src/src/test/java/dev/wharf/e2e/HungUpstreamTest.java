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
import dev.wharf.e2e.support.StallingRelay;
import dev.wharf.e2e.support.UpstreamTimeouts;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that accepts connections and never answers: a cached tag past its metadataTtl is served
 * stale, with a Warning, once the revalidation timeout (1 s) gives up, well before the read timeout
 * (3 s); a manifest never cached gets a 504 registry error once the read timeout fires, not an empty
 * reply, although Wharf's idleTimeout (2 s) is shorter: a request waiting on its upstream is not idle.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class HungUpstreamTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REVALIDATION_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration METADATA_TTL = Duration.ofSeconds(1);
    private static final Duration STALE_WITHIN = READ_TIMEOUT.minusMillis(500);
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(20);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void servesStaleTagsPromptlyAndA504ForUncachedManifests() {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 901, 1);
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"));
             StallingRelay upstream = new StallingRelay(registry.port())) {
            new ImagePublisher(registry.url()).publish(layout, "e2e/app");
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .idleTimeout("2s")
                    .remote(RemoteRepository.of("hub", upstream.url())
                            .metadataTtl(METADATA_TTL.toSeconds() + "s")
                            .upstream(new UpstreamTimeouts(READ_TIMEOUT.toSeconds() + "s", REVALIDATION_TIMEOUT.toSeconds() + "s"))));
            String manifests = wharf.url() + "/v2/hub/e2e/app/manifests/";

            Timed cached = Timed.get(manifests + "v1");
            assertThat(cached.reply().status()).as(cached.toString()).isEqualTo(200);

            upstream.stall();
            Waits.sleep(METADATA_TTL.plusMillis(500));

            Timed stale = Timed.get(manifests + "v1");
            assertThat(stale.reply().status()).as(stale.toString()).isEqualTo(200);
            assertThat(stale.reply().digest()).isEqualTo(layout.root().digest());
            assertThat(stale.reply().header("Warning")).as(stale.toString()).isPresent();
            assertThat(stale.elapsed()).as("time to the stale answer, read timeout " + READ_TIMEOUT).isLessThan(STALE_WITHIN);
            assertThat(upstream.swallowedRequestReads()).as("requests that reached the hung upstream").isPositive();

            Timed uncached = Timed.get(manifests + "never-cached");
            assertThat(uncached.reply().status()).as(uncached.toString()).isEqualTo(504);
            assertThat(uncached.reply().errorCode()).isNotBlank();
        }
    }

    /** A reply and how long it took; a connection closed without any response fails, saying after how long. */
    private record Timed(HttpProbe.Reply reply, Duration elapsed) {
        static Timed get(String url) {
            long start = System.nanoTime();
            try {
                HttpProbe.Reply reply = HttpProbe.getOnNewConnection(CLIENT_PATIENCE, url, "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
                return new Timed(reply, Duration.ofNanos(System.nanoTime() - start));
            } catch (UncheckedIOException e) {
                throw new AssertionError("GET " + url + " got no response: the connection ended after "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms (" + e.getCause() + ")", e);
            }
        }

        @Override
        public String toString() {
            return reply + " after " + elapsed.toMillis() + " ms";
        }
    }
}
