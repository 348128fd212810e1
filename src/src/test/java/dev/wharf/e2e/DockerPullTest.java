package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.Containerd;
import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.Dockerd;
import dev.wharf.e2e.support.ImageShape;
import dev.wharf.e2e.support.JsonArrays;
import dev.wharf.e2e.support.OciImage;
import dev.wharf.e2e.support.PullCase;
import dev.wharf.e2e.support.PullMode;
import dev.wharf.e2e.support.RequiredProgram;
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
 * {@code docker pull} through one real dockerd of each image shape, straight from the registry and
 * through Wharf in path and mirror mode (explicit {@code 127.0.0.1:PORT/...} references, never
 * {@code registry-mirrors}): dockerd unpacks this machine's platform image, its RootFS layers are the
 * config's diff_ids, and it records the digest it pulled.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Dockerd.PROGRAM, debianPackage = Dockerd.DEBIAN_PACKAGE)
@RequiredProgram(value = Dockerd.CLIENT, debianPackage = Dockerd.DEBIAN_PACKAGE)
@RequiredProgram(value = Containerd.PROGRAM, debianPackage = Containerd.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class DockerPullTest {
    @TempDir
    static Path shared;
    private static DistributionRegistry registry;
    private static Dockerd dockerd;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = DistributionRegistry.start(shared.resolve("registry"));
        dockerd = Dockerd.start(shared.resolve("dockerd"));
    }

    @AfterAll
    static void stop() {
        if (dockerd != null) {
            dockerd.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("dev.wharf.e2e.support.PullCase#shapesAndModes")
    void pullsThePlatformImageWithItsLayers(ImageShape shape, PullMode mode) {
        PullCase pull = PullCase.prepare("docker", shape, mode, registry, wharfs, tmp);

        dockerd.pull(pull.reference()).requireSuccess();

        JsonNode image = dockerd.inspect(pull.reference());
        OciImage expected = pull.layout().hostImage();
        assertThat(JsonArrays.texts(image.at("/RootFS/Layers"))).as(image.toString()).isEqualTo(expected.diffIds());
        assertThat(image.path("Id").asText()).isEqualTo(expected.config().digest());
        assertThat(JsonArrays.texts(image.path("RepoDigests"))).contains(pull.repository() + "@" + pull.layout().root().digest());
    }
}
