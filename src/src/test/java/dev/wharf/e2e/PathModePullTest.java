package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.OciDescriptor;
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

/** skopeo pulls an image through Wharf's path mode, then again with the upstream registry stopped. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class PathModePullTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void pullsThroughWharfAndAgainFromCacheWithTheUpstreamDown() {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 101, 8);
        OciDescriptor layer = layout.image().layers().get(0);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(layout, registry.hostPort(), "e2e/app");
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", registry.url())));
            String reference = wharf.hostPort() + "/hub/e2e/app:v1";

            skopeo.copyToDir(reference, tmp.resolve("first"));
            Skopeo.verifyDirCopy(tmp.resolve("first"), layout.image());
            JsonNode inspected = skopeo.inspect(reference, "--no-tags");
            assertThat(inspected.path("Digest").asText()).isEqualTo(layout.root().digest());
            assertThat(inspected.path("Layers").get(0).asText()).isEqualTo(layer.digest());

            registry.stop();

            skopeo.copyToDir(reference, tmp.resolve("second"));
            Skopeo.verifyDirCopy(tmp.resolve("second"), layout.image());

            HttpProbe.Reply manifestHead = HttpProbe.head(wharf.url() + "/v2/hub/e2e/app/manifests/v1",
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(manifestHead.status()).as(manifestHead.toString()).isEqualTo(200);
            assertThat(manifestHead.header("Docker-Content-Digest")).hasValue(layout.root().digest());
            assertThat(manifestHead.header("Content-Length")).hasValue(Long.toString(layout.root().size()));

            HttpProbe.Reply blobHead = HttpProbe.head(wharf.url() + "/v2/hub/e2e/app/blobs/" + layer.digest());
            assertThat(blobHead.status()).as(blobHead.toString()).isEqualTo(200);
            assertThat(blobHead.header("Docker-Content-Digest")).hasValue(layer.digest());
            assertThat(blobHead.header("Content-Length")).hasValue(Long.toString(layer.size()));

            HttpProbe.Reply neverFetched = HttpProbe.get(wharf.url() + "/v2/hub/e2e/app/manifests/never-fetched",
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(neverFetched.status()).as(neverFetched.toString()).isIn(502, 504);
            assertThat(neverFetched.errorCode()).isNotBlank();
        }
    }
}
