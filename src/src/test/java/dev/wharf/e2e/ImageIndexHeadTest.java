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
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An image index seen only through a HEAD is kept: a later GET works with the upstream stopped. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class ImageIndexHeadTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void anIndexFetchedOnlyByHeadIsServedLaterWithTheUpstreamStopped() {
        OciLayout layout = ImageFactory.index(tmp.resolve("layout"), "multi", 501, 1);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(layout, registry.hostPort(), "e2e/multi");
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", registry.url())));
            String tagUrl = wharf.url() + "/v2/hub/e2e/multi/manifests/multi";

            HttpProbe.Reply head = HttpProbe.head(tagUrl, "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(head.status()).as(head.toString()).isEqualTo(200);
            assertThat(head.header("Docker-Content-Digest")).hasValue(layout.root().digest());

            registry.stop();

            HttpProbe.Reply get = HttpProbe.get(tagUrl, "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(get.status()).as(get.toString()).isEqualTo(200);
            assertThat(get.header("Docker-Content-Digest")).hasValue(layout.root().digest());
            assertThat(get.header("Content-Type")).hasValue(RegistryMediaTypes.OCI_INDEX);
            assertThat(get.digest()).isEqualTo(layout.root().digest());
        }
    }
}
