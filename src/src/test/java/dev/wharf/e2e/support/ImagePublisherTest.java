package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each image shape, published over the plain registry API, is served by the real registry with the
 * intended media types, and skopeo copies it whole ({@code --all}) with every digest intact.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class ImagePublisherTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(ImageShape.class)
    void theRegistryServesEachShapeWithItsMediaTypes(ImageShape shape) {
        OciLayout layout = shape.build(tmp.resolve("layout"), "v1", 31 + shape.ordinal(), 1);
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            new ImagePublisher(registry.url()).publish(layout, "e2e/shape");
            String v2 = registry.url() + "/v2/e2e/shape/";

            HttpProbe.Reply root = HttpProbe.get(v2 + "manifests/v1", "Accept", layout.root().mediaType());
            assertThat(root.status()).as(root.toString()).isEqualTo(200);
            assertThat(root.header("Content-Type")).hasValue(layout.root().mediaType());
            assertThat(root.digest()).isEqualTo(layout.root().digest());
            for (OciDescriptor manifest : layout.manifests()) {
                HttpProbe.Reply byDigest = HttpProbe.get(v2 + "manifests/" + manifest.digest(), "Accept", manifest.mediaType());
                assertThat(byDigest.status()).as(byDigest.toString()).isEqualTo(200);
                assertThat(byDigest.header("Content-Type")).hasValue(manifest.mediaType());
                assertThat(byDigest.digest()).isEqualTo(manifest.digest());
            }
            for (OciDescriptor blob : layout.blobs()) {
                HttpProbe.Reply head = HttpProbe.head(v2 + "blobs/" + blob.digest());
                assertThat(head.status()).as(head.toString()).isEqualTo(200);
                assertThat(head.header("Content-Length")).hasValue(Long.toString(blob.size()));
            }

            Path copy = tmp.resolve("copy");
            new Skopeo(tmp.resolve("skopeo")).copyToDir(registry.hostPort() + "/e2e/shape:v1", copy, "--all");
            Skopeo.verifyDirCopy(copy, layout);
        }
    }
}
