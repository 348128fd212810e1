package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.ImagePublisher;
import dev.wharf.e2e.support.OciDescriptor;
import dev.wharf.e2e.support.OciLayout;
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
 * A committed cache entry is durable before its client sees the last byte. Ten times over: a manifest or a
 * layer (by digest) is pulled through Wharf from docker-registry, Wharf is killed with SIGKILL the moment the
 * client has the last byte, the registry is stopped, and Wharf is restarted on the same data; then every
 * entry pulled so far answers {@code HEAD} 200 from metadata with the right digest and length, the access log
 * calls the latest one a {@code hit}, and its bytes are served whole.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class CommittedEntryDurabilityTest {
    private static final int IMAGES = 5;
    private static final String REPOSITORY = "e2e/durable";
    private static final Duration LOG_FLUSH = Duration.ofSeconds(5);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    /** One immutable thing to pull: its path under {@code /v2/hub/} and the {@code Accept} it is pulled with. */
    private record Pulled(String path, String accept, OciDescriptor descriptor) {
    }

    @Test
    void everyEntryServedBeforeASigkillIsACacheHitAfterTheRestart() {
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            List<Pulled> pulls = publish(registry);
            WharfProcess.Builder builder = WharfProcess.builder(tmp.resolve("wharf")).remote(RemoteRepository.of("hub", registry.url()));
            WharfProcess wharf = wharfs.start(builder);

            for (int round = 0; round < pulls.size(); round++) {
                Pulled pulled = pulls.get(round);
                if (!registry.isRunning()) {
                    registry.start();
                }
                HttpProbe.Streamed body = HttpProbe.getStreamed(wharf.url() + pulled.path(), "Accept", pulled.accept());
                wharf.kill();
                assertThat(body.status()).as("round " + round + ": " + body).isEqualTo(200);
                assertThat(body.completed()).as("round " + round + ": " + body).isTrue();
                assertThat(body.digest()).as("round " + round).isEqualTo(pulled.descriptor().digest());

                registry.stop();
                wharf = wharfs.start(builder);
                for (Pulled earlier : pulls.subList(0, round + 1)) {
                    HttpProbe.Reply head = HttpProbe.head(wharf.url() + earlier.path(), "Accept", earlier.accept());
                    assertThat(head.status()).as("round " + round + ", after the restart with the upstream down: HEAD "
                            + earlier.path() + " " + head).isEqualTo(200);
                    assertThat(head.header("Docker-Content-Digest")).as(head.toString()).hasValue(earlier.descriptor().digest());
                    assertThat(head.header("Content-Length")).as(head.toString()).hasValue(Long.toString(earlier.descriptor().size()));
                }
                WharfProcess restarted = wharf;
                String headLine = "HEAD " + pulled.path() + " 200 ";
                Waits.until(LOG_FLUSH, "the access log to call HEAD " + pulled.path() + " a hit",
                        () -> restarted.logLinesContaining(headLine).stream().anyMatch(line -> line.endsWith(" hit")),
                        () -> "lines: " + restarted.logLinesContaining(headLine));
                HttpProbe.Streamed hit = HttpProbe.getStreamed(wharf.url() + pulled.path(), "Accept", pulled.accept());
                assertThat(hit.status()).as("round " + round + ": " + hit).isEqualTo(200);
                assertThat(hit.completed()).as("round " + round + ": " + hit).isTrue();
                assertThat(hit.digest()).isEqualTo(pulled.descriptor().digest());
            }
        }
    }

    /** Publishes {@value #IMAGES} one-layer images; the pulls alternate between a manifest and a layer, by digest. */
    private List<Pulled> publish(DistributionRegistry registry) {
        ImagePublisher publisher = new ImagePublisher(registry.url());
        List<Pulled> pulls = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            OciLayout layout = ImageFactory.image(tmp.resolve("layout-" + i), "v" + i, 1500 + i, 1);
            publisher.publish(layout, REPOSITORY);
            OciDescriptor manifest = layout.root();
            OciDescriptor layer = layout.image().layers().get(0);
            pulls.add(new Pulled("/v2/hub/" + REPOSITORY + "/manifests/" + manifest.digest(), manifest.mediaType(), manifest));
            pulls.add(new Pulled("/v2/hub/" + REPOSITORY + "/blobs/" + layer.digest(), "*/*", layer));
        }
        return pulls;
    }
}
