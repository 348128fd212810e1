package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.JsonArrays;
import dev.wharf.e2e.support.OciImage;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.Podman;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RegistryTarget;
import dev.wharf.e2e.support.RegistryTargets;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podman push} of an image podman holds (loaded from an OCI layout) to Wharf's docker local repository,
 * then {@code podman pull} of it into an emptied store: the registry holds the manifest podman wrote, and the
 * pulled image has the built config and diff_ids.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Podman.PROGRAM, debianPackage = Podman.DEBIAN_PACKAGE)
class PodmanPushTest {
    @RegisterExtension
    static final RegistryTargets TARGETS = new RegistryTargets();

    @TempDir
    Path tmp;

    @Test
    void pushesAnImageAndPullsItBackWithTheSameConfigAndLayers() throws IOException {
        RegistryTarget target = TARGETS.target();
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 811, 2);
        OciImage image = layout.image();
        Podman podman = new Podman(tmp.resolve("podman"));
        String reference = target.reference("e2e/podman-pushed") + ":v1";
        // podman pull prints the loaded image's ID last.
        String[] loaded = podman.run("pull", "oci:" + layout.dir() + ":" + layout.tag()).requireSuccess().output().strip().split("\n");
        podman.run("tag", loaded[loaded.length - 1].strip(), reference).requireSuccess();

        Path digestFile = tmp.resolve("pushed.digest");
        podman.push(reference, "--digestfile", digestFile.toString()).requireSuccess();
        String digest = Files.readString(digestFile).strip();

        HttpProbe.Reply manifest = HttpProbe.get(target.url() + "/v2/" + target.repository("e2e/podman-pushed") + "/manifests/v1",
                "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
        assertThat(manifest.status()).as(manifest.toString()).isEqualTo(200);
        assertThat(manifest.digest()).isEqualTo(digest);
        assertThat(manifest.json().at("/config/digest").asText()).isEqualTo(image.config().digest());

        podman.run("rmi", "--all", "--force").requireSuccess();
        assertThat(podman.run("image", "exists", reference).exitCode()).as("the image left podman's store").isNotZero();
        podman.pull(reference).requireSuccess();

        JsonNode pulled = podman.inspect(reference);
        // podman prints the image ID, its config's digest, as bare hex.
        assertThat(Sha256.PREFIX + pulled.path("Id").asText().replace(Sha256.PREFIX, "")).isEqualTo(image.config().digest());
        assertThat(JsonArrays.texts(pulled.at("/RootFS/Layers"))).isEqualTo(image.diffIds());
        assertThat(pulled.path("Digest").asText()).isEqualTo(digest);
    }
}
