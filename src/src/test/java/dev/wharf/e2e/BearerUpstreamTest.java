package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Skopeo;
import dev.wharf.e2e.support.TokenAuthFront;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Wharf negotiates Docker bearer tokens upstream with credentials from its environment, and caches the token. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class BearerUpstreamTest {
    /** A pull of one image needs one token; a few more are tolerated (e.g. one per scope), not one per request. */
    private static final int MAX_TOKEN_REQUESTS = 4;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void pullsThroughATokenGuardedUpstream() throws IOException {
        String password = "pw-" + UUID.randomUUID();
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 601, 8);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"));
             TokenAuthFront front = new TokenAuthFront(registry.url(), "alice", password)) {
            skopeo.push(layout, registry.hostPort(), "e2e/app");
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("authed", front.url()).credentials("alice", "${E2E_UPSTREAM_PASSWORD}"))
                    .env("E2E_UPSTREAM_PASSWORD", password));

            skopeo.copyToDir(wharf.hostPort() + "/authed/e2e/app:v1", tmp.resolve("pull"));

            Skopeo.verifyDirCopy(tmp.resolve("pull"), layout.image());
            assertThat(front.tokenRequests()).isBetween(1, MAX_TOKEN_REQUESTS);
            assertThat(Files.readString(wharf.log())).as("Wharf's log must not show the upstream password")
                    .doesNotContain(password);
        }
    }
}
