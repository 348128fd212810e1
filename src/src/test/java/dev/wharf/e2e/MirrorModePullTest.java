package dev.wharf.e2e;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.OciLayout;
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

/** An image name with no repository key goes to docker.defaultRepository, as a dockerd mirror would use it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class MirrorModePullTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void pullsAnImageNamedWithoutARepositoryKey() {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 201, 8);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(layout, registry.hostPort(), "e2e/app");
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", registry.url()))
                    .defaultRepository("hub"));

            skopeo.copyToDir(wharf.hostPort() + "/e2e/app:v1", tmp.resolve("pull"));

            Skopeo.verifyDirCopy(tmp.resolve("pull"), layout.image());
        }
    }
}
