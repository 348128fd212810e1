package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.Containerd;
import dev.wharf.e2e.support.Dockerd;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.JsonArrays;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RegistryTarget;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.RegistryTargets;
import dev.wharf.e2e.support.RequiredProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker push} of an image dockerd built, to Wharf's docker local repository (explicit
 * {@code 127.0.0.1:PORT/hub-local/...} references, never {@code registry-mirrors}), then {@code docker pull}
 * of it into an emptied store: the registry holds the manifest docker reported, every blob with its digest,
 * and the pulled image has the built image's config and layers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Dockerd.PROGRAM, debianPackage = Dockerd.DEBIAN_PACKAGE)
@RequiredProgram(value = Dockerd.CLIENT, debianPackage = Dockerd.DEBIAN_PACKAGE)
@RequiredProgram(value = Containerd.PROGRAM, debianPackage = Containerd.DEBIAN_PACKAGE)
class DockerPushTest {
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    @TempDir
    static Path shared;
    @RegisterExtension
    static final RegistryTargets TARGETS = new RegistryTargets();
    private static Dockerd dockerd;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        dockerd = Dockerd.start(shared.resolve("dockerd"));
    }

    @AfterAll
    static void stop() {
        if (dockerd != null) {
            dockerd.close();
        }
    }

    @Test
    void pushesABuiltImageAndPullsItBackWithTheSameConfigAndLayers() throws IOException {
        RegistryTarget target = TARGETS.target();
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.write(context.resolve("payload.bin"), PseudoRandomBytes.array(801, 2 << 20));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY payload.bin /payload.bin\n");
        String repository = target.reference("e2e/docker-built");
        String reference = repository + ":v1";
        dockerd.build(context, reference).requireSuccess();
        JsonNode built = dockerd.inspect(reference);

        dockerd.docker("login", target.hostPort(), "--username", "token", "--password", WharfProcess.ADMIN_TOKEN).requireSuccess();
        String output = dockerd.docker("push", reference).requireSuccess().output();
        Matcher pushed = PUSHED_DIGEST.matcher(output);
        assertThat(pushed.find()).as("docker push reports a digest: %s", output).isTrue();
        String digest = pushed.group(1);

        HttpProbe.Reply manifest = HttpProbe.get(target.url() + "/v2/" + target.repository("e2e/docker-built") + "/manifests/v1",
                "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
        assertThat(manifest.status()).as(manifest.toString()).isEqualTo(200);
        assertThat(manifest.digest()).isEqualTo(digest);
        JsonNode document = manifest.json();
        assertThat(document.at("/config/digest").asText()).isEqualTo(built.path("Id").asText());
        for (JsonNode blob : document.path("layers")) {
            HttpProbe.Streamed layer = HttpProbe.getStreamed(target.url() + "/v2/" + target.repository("e2e/docker-built")
                    + "/blobs/" + blob.path("digest").asText());
            assertThat(layer.digest()).as(layer.toString()).isEqualTo(blob.path("digest").asText());
            assertThat(layer.bytes()).isEqualTo(blob.path("size").asLong());
        }

        dockerd.docker("image", "rm", reference).requireSuccess();
        assertThat(dockerd.docker("image", "inspect", reference).exitCode()).as("the image left dockerd's store").isNotZero();
        dockerd.pull(reference).requireSuccess();

        JsonNode pulled = dockerd.inspect(reference);
        assertThat(pulled.path("Id").asText()).isEqualTo(built.path("Id").asText());
        assertThat(JsonArrays.texts(pulled.at("/RootFS/Layers"))).isEqualTo(JsonArrays.texts(built.at("/RootFS/Layers")));
        assertThat(JsonArrays.texts(pulled.path("RepoDigests"))).contains(repository + "@" + digest);
    }
}
