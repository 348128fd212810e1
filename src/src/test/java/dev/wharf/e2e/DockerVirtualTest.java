package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.DockerRepository;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.ImagePublisher;
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

/**
 * A virtual docker repository over [local, remote] with {@code deployTo} its local member: skopeo pulls the
 * remote's image and a pushed-local image through it, and an image pushed through it lands in the local
 * member (pulled back through the local's own key) and never upstream.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class DockerVirtualTest {
    private static final String LOCAL = "hub-local";
    private static final String REMOTE = "hub";
    private static final String VIRTUAL = "docker";

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void servesBothMembersAndPushesIntoDeployTo() {
        OciLayout upstreamImage = ImageFactory.image(tmp.resolve("upstream-layout"), "v1", 951, 1);
        OciLayout localImage = ImageFactory.image(tmp.resolve("local-layout"), "v1", 952, 1);
        OciLayout pushedImage = ImageFactory.image(tmp.resolve("pushed-layout"), "v1", 953, 1);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            new ImagePublisher(registry.url()).publish(upstreamImage, "e2e/upstream-app");
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of(REMOTE, registry.url()))
                    .docker(DockerRepository.local(LOCAL))
                    .docker(DockerRepository.virtual(VIRTUAL, LOCAL, REMOTE).deployTo(LOCAL)));
            new ImagePublisher(wharf.url()).publish(localImage, LOCAL + "/e2e/local-app");

            Path fromRemote = tmp.resolve("from-remote");
            skopeo.copyToDir(wharf.hostPort() + "/" + VIRTUAL + "/e2e/upstream-app:v1", fromRemote);
            Skopeo.verifyDirCopy(fromRemote, upstreamImage.image());
            Path fromLocal = tmp.resolve("from-local");
            skopeo.copyToDir(wharf.hostPort() + "/" + VIRTUAL + "/e2e/local-app:v1", fromLocal);
            Skopeo.verifyDirCopy(fromLocal, localImage.image());

            skopeo.push(pushedImage, wharf.hostPort(), VIRTUAL + "/e2e/pushed-app");
            Path pushedBack = tmp.resolve("pushed-back");
            skopeo.copyToDir(wharf.hostPort() + "/" + LOCAL + "/e2e/pushed-app:v1", pushedBack);
            Skopeo.verifyDirCopy(pushedBack, pushedImage.image());
            HttpProbe.Reply upstream = HttpProbe.get(registry.url() + "/v2/e2e/pushed-app/manifests/v1",
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(upstream.status()).as("the push stayed out of the remote: %s", upstream).isEqualTo(404);
        }
    }
}
