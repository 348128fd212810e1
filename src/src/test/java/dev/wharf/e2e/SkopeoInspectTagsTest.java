package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.ImagePublisher;
import dev.wharf.e2e.support.JsonArrays;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.PullCase;
import dev.wharf.e2e.support.PullMode;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Skopeo;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plain {@code skopeo inspect} (without {@code --no-tags}) lists the repository's tags through
 * {@code tags/list}: through Wharf it shows the upstream's tags, as it does straight from the registry.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class SkopeoInspectTagsTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(PullMode.class)
    void inspectListsTheUpstreamTags(PullMode mode) throws IOException {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 601, 1);
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            ImagePublisher publisher = new ImagePublisher(registry.url());
            publisher.publish(layout, "e2e/tags");
            publisher.putManifest("e2e/tags", "v2", layout.root(), Files.readAllBytes(layout.blob(layout.root().digest())));
            String host = switch (mode) {
                case UPSTREAM -> registry.hostPort();
                case PATH -> startWharf(registry).hostPort() + "/" + PullCase.REMOTE;
                case MIRROR -> startWharf(registry).hostPort();
            };

            JsonNode inspected = new Skopeo(tmp.resolve("skopeo")).inspect(host + "/e2e/tags:v1");

            assertThat(inspected.path("Digest").asText()).isEqualTo(layout.root().digest());
            assertThat(JsonArrays.texts(inspected.path("RepoTags"))).containsExactlyInAnyOrder("v1", "v2");
        }
    }

    private WharfProcess startWharf(DistributionRegistry registry) {
        return wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .remote(RemoteRepository.of(PullCase.REMOTE, registry.url()))
                .defaultRepository(PullCase.REMOTE));
    }
}
