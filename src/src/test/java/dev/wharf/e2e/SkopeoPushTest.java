package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.OciImage;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RegistryTarget;
import dev.wharf.e2e.support.RegistryTargets;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Skopeo;
import dev.wharf.e2e.support.WharfProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skopeo copy} into Wharf's docker local repository and back: a {@code dir:} image returns file for
 * file, and a two-platform OCI index pushed with {@code --all} returns each platform's image when copied with
 * {@code --override-arch}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
class SkopeoPushTest {
    @RegisterExtension
    static final RegistryTargets TARGETS = new RegistryTargets();

    @TempDir
    Path tmp;

    @Test
    void copiesADirImageInAndBackFileForFile() throws IOException {
        RegistryTarget target = TARGETS.target();
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 831, 2);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        Path source = tmp.resolve("source");
        skopeo.run(List.of("copy", "oci:" + layout.dir() + ":v1", "dir:" + source)).requireSuccess();
        String reference = target.reference("e2e/skopeo-dir") + ":v1";

        skopeo.run(List.of("copy", "--dest-tls-verify=false", "--dest-creds", "token:" + WharfProcess.ADMIN_TOKEN, "dir:" + source,
                "docker://" + reference)).requireSuccess();
        Path back = tmp.resolve("back");
        skopeo.copyToDir(reference, back);

        List<Path> files = files(source);
        assertThat(files).extracting(Path::getFileName).extracting(Path::toString).contains("manifest.json");
        assertThat(files(back)).extracting(Path::getFileName).containsExactlyInAnyOrderElementsOf(
                files.stream().map(Path::getFileName).toList());
        for (Path file : files) {
            assertThat(Files.readAllBytes(back.resolve(file.getFileName()))).as(file.getFileName().toString())
                    .isEqualTo(Files.readAllBytes(file));
        }
        Skopeo.verifyDirCopy(back, layout.image());
    }

    @Test
    void copiesAMultiPlatformIndexInAndEachPlatformBack() {
        RegistryTarget target = TARGETS.target();
        OciLayout layout = ImageFactory.index(tmp.resolve("layout"), "v1", 841, 1);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        skopeo.push(layout, target.hostPort(), target.repository("e2e/skopeo-index"));

        HttpProbe.Reply index = HttpProbe.get(target.url() + "/v2/" + target.repository("e2e/skopeo-index") + "/manifests/v1",
                "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
        assertThat(index.status()).as(index.toString()).isEqualTo(200);
        assertThat(index.digest()).isEqualTo(layout.root().digest());
        assertThat(index.header("Content-Type")).hasValue(RegistryMediaTypes.OCI_INDEX);
        for (OciImage image : layout.images()) {
            String arch = image.platform().substring(image.platform().indexOf('/') + 1);
            Path copy = tmp.resolve("copy-" + arch);
            skopeo.copyToDir(target.reference("e2e/skopeo-index") + ":v1", copy, "--override-os", "linux", "--override-arch", arch);
            Skopeo.verifyDirCopy(copy, image);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
