package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Skopeo;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A tag is fresh for metadataTtl, then revalidated upstream; with the upstream down the stale tag is served with a Warning. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class TagRevalidationTest {
    private static final Duration PAST_TTL = Duration.ofMillis(2600);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void followsARetagAfterTheTtlAndServesTheLastDigestWhenTheUpstreamIsDown() {
        OciLayout first = ImageFactory.image(tmp.resolve("first"), "rolling", 401, 1);
        OciLayout second = ImageFactory.image(tmp.resolve("second"), "rolling", 402, 1);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(first, registry.hostPort(), "e2e/app");
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", registry.url()).metadataTtl("2s")));
            String tagUrl = wharf.url() + "/v2/hub/e2e/app/manifests/rolling";

            assertServes(tagUrl, first);

            skopeo.push(second, registry.hostPort(), "e2e/app");
            Waits.sleep(PAST_TTL);
            assertServes(tagUrl, second);

            registry.stop();
            Waits.sleep(PAST_TTL);
            HttpProbe.Reply stale = assertServes(tagUrl, second);
            assertThat(stale.header("Warning")).as(stale.toString()).isPresent();
        }
    }

    private static HttpProbe.Reply assertServes(String tagUrl, OciLayout layout) {
        HttpProbe.Reply reply = HttpProbe.get(tagUrl, "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("Docker-Content-Digest")).hasValue(layout.root().digest());
        assertThat(reply.digest()).isEqualTo(layout.root().digest());
        return reply;
    }
}
