package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.ImageShape;
import dev.wharf.e2e.support.JsonArrays;
import dev.wharf.e2e.support.OciImage;
import dev.wharf.e2e.support.Podman;
import dev.wharf.e2e.support.PullCase;
import dev.wharf.e2e.support.PullMode;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import dev.wharf.e2e.support.WharfProcesses;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code podman pull} of each image shape straight from the registry and through Wharf in path and mirror
 * mode, into one image store for the class: podman stores this machine's platform image, its layers'
 * diff_ids as the config names them, and the digest of what it pulled.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Podman.PROGRAM, debianPackage = Podman.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class PodmanPullTest {
    @TempDir
    static Path shared;
    private static DistributionRegistry registry;
    private static Podman podman;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = DistributionRegistry.start(shared.resolve("registry"));
        podman = new Podman(shared.resolve("podman"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("dev.wharf.e2e.support.PullCase#shapesAndModes")
    void pullsThePlatformImageWithItsLayers(ImageShape shape, PullMode mode) {
        PullCase pull = PullCase.prepare("podman", shape, mode, registry, wharfs, tmp);

        podman.pull(pull.reference()).requireSuccess();

        JsonNode image = podman.inspect(pull.reference());
        OciImage expected = pull.layout().hostImage();
        assertThat(JsonArrays.texts(image.at("/RootFS/Layers"))).as(image.toString()).isEqualTo(expected.diffIds());
        assertThat(image.path("Id").asText()).isEqualTo(Sha256.hex(expected.config().digest()));
        assertThat(JsonArrays.texts(image.path("RepoDigests"))).contains(pull.repository() + "@" + pull.layout().root().digest());
    }
}
