package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real registry and skopeo, without Wharf: push, pull to dir: with digests checked, stop and restart on the same data. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class DistributionRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void pushPullStopAndRestartOnTheSameData() {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 11, 8);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(layout, registry.hostPort(), "e2e/app");

            skopeo.copyToDir(registry.hostPort() + "/e2e/app:v1", tmp.resolve("pull"));
            Skopeo.verifyDirCopy(tmp.resolve("pull"), layout.image());
            JsonNode inspected = skopeo.inspect(registry.hostPort() + "/e2e/app:v1", "--no-tags");
            assertThat(inspected.path("Digest").asText()).isEqualTo(layout.root().digest());
            assertThat(inspected.path("Layers").get(0).asText()).isEqualTo(layout.image().layers().get(0).digest());

            String manifestUrl = registry.url() + "/v2/e2e/app/manifests/v1";
            registry.stop();
            assertThat(registry.isRunning()).isFalse();
            assertThat(HttpProbe.status(manifestUrl, Duration.ofSeconds(1))).isEmpty();

            registry.start();
            HttpProbe.Reply manifest = HttpProbe.get(manifestUrl, "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(manifest.status()).isEqualTo(200);
            assertThat(manifest.digest()).isEqualTo(layout.root().digest());
            assertThat(manifest.header("Docker-Content-Digest")).hasValue(layout.root().digest());
        }
    }

    @Test
    void pushesAnIndexWithAllItsImages() {
        OciLayout layout = ImageFactory.index(tmp.resolve("layout"), "multi", 21, 1);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(layout, registry.hostPort(), "e2e/multi");

            HttpProbe.Reply index = HttpProbe.get(registry.url() + "/v2/e2e/multi/manifests/multi",
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.digest()).isEqualTo(layout.root().digest());
            for (OciImage image : layout.images()) {
                HttpProbe.Reply head = HttpProbe.head(registry.url() + "/v2/e2e/multi/blobs/" + image.layers().get(0).digest());
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("Content-Length")).hasValue(Long.toString(image.layers().get(0).size()));
            }
        }
    }
}
