package dev.wharf.e2e;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.ImageShape;
import dev.wharf.e2e.support.PullCase;
import dev.wharf.e2e.support.PullMode;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Skopeo;
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
 * {@code skopeo copy --all} of a multi-arch OCI index, a Docker manifest list and a Docker schema 2 image,
 * straight from the registry and through Wharf in path and mirror mode: every manifest and blob arrives
 * with its digest. skopeo asks for every manifest type on separate Accept lines, OCI manifest first.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class SkopeoCopyAllTest {
    @TempDir
    static Path shared;
    private static DistributionRegistry registry;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() {
        registry = DistributionRegistry.start(shared.resolve("registry"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("dev.wharf.e2e.support.PullCase#shapesAndModes")
    void copiesEveryManifestAndBlob(ImageShape shape, PullMode mode) {
        PullCase pull = PullCase.prepare("skopeo", shape, mode, registry, wharfs, tmp);

        Path copy = tmp.resolve("copy");
        new Skopeo(tmp.resolve("skopeo")).copyToDir(pull.reference(), copy, "--all");

        Skopeo.verifyDirCopy(copy, pull.layout());
    }
}
