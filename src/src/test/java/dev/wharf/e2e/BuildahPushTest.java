package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.Buildah;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RegistryTarget;
import dev.wharf.e2e.support.RegistryTargets;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Skopeo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildah push} of an image buildah built from scratch to Wharf's docker local repository, copied back
 * with skopeo: the manifest has the digest buildah pushed, it names the built config, and every blob arrives
 * with its digest.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Buildah.PROGRAM, debianPackage = Buildah.DEBIAN_PACKAGE)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
class BuildahPushTest {
    @RegisterExtension
    static final RegistryTargets TARGETS = new RegistryTargets();

    @TempDir
    Path tmp;

    @Test
    void pushesABuiltImageThatCopiesBackByteExact() throws IOException {
        RegistryTarget target = TARGETS.target();
        Path payload = Files.write(tmp.resolve("payload.bin"), PseudoRandomBytes.array(821, 2 << 20));
        Buildah buildah = new Buildah(tmp.resolve("buildah"));
        String config = buildah.buildFromScratch(payload, "localhost/e2e/buildah-built:v1");

        String reference = target.reference("e2e/buildah-built") + ":v1";
        String digest = buildah.push("localhost/e2e/buildah-built:v1", reference);

        HttpProbe.Reply manifest = HttpProbe.get(target.url() + "/v2/" + target.repository("e2e/buildah-built") + "/manifests/v1",
                "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
        assertThat(manifest.status()).as(manifest.toString()).isEqualTo(200);
        assertThat(manifest.digest()).isEqualTo(digest);
        assertThat(manifest.json().at("/config/digest").asText()).isEqualTo(config);
        Path copy = tmp.resolve("copy");
        new Skopeo(tmp.resolve("skopeo")).copyToDir(reference, copy);
        Skopeo.verifyDirCopy(copy, digest);
    }
}
