package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.OciDescriptor;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import dev.wharf.e2e.support.Skopeo;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a registry client sees at the edges: the ping, registry JSON errors with the right codes, and ranges. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class RegistryErrorsTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void answersThePingErrorsAndRangesAsARegistry() throws IOException {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 301, 8);
        OciDescriptor layer = layout.image().layers().get(0);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"))) {
            skopeo.push(layout, registry.hostPort(), "e2e/app");
            skopeo.push(layout, registry.hostPort(), "blocked/app");
            // No defaultRepository: a first path component that is no repository key is an error.
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .remote(RemoteRepository.of("hub", registry.url()).blocklist("blocked/*")));
            String v2 = wharf.url() + "/v2/";

            HttpProbe.Reply anonymousPing = HttpProbe.get(v2);
            assertThat(anonymousPing.status()).as("an anonymous ping is challenged").isEqualTo(401);
            assertThat(anonymousPing.errorCode()).isEqualTo("UNAUTHORIZED");
            assertThat(anonymousPing.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm="));
            HttpProbe.Reply ping = HttpProbe.get(v2, "Authorization", "Bearer " + WharfProcess.ADMIN_TOKEN);
            assertThat(ping.status()).as(ping.toString()).isEqualTo(200);
            assertThat(ping.header("Docker-Distribution-API-Version")).hasValue("registry/2.0");

            HttpProbe.Reply unknownTag = HttpProbe.get(v2 + "hub/e2e/app/manifests/no-such-tag",
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(unknownTag.status()).as(unknownTag.toString()).isEqualTo(404);
            assertThat(unknownTag.errorCode()).isEqualTo("MANIFEST_UNKNOWN");

            String absent = Sha256.of("no layer has these bytes".getBytes(StandardCharsets.UTF_8));
            HttpProbe.Reply unknownBlob = HttpProbe.get(v2 + "hub/e2e/app/blobs/" + absent);
            assertThat(unknownBlob.status()).as(unknownBlob.toString()).isEqualTo(404);
            assertThat(unknownBlob.errorCode()).isEqualTo("BLOB_UNKNOWN");

            HttpProbe.Reply blocked = HttpProbe.get(v2 + "hub/blocked/app/manifests/v1",
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(blocked.status()).as(blocked.toString()).isEqualTo(403);
            assertThat(blocked.errorCode()).isEqualTo("DENIED");

            HttpProbe.Reply unknownKey = HttpProbe.get(v2 + "nokey/e2e/app/manifests/v1",
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(unknownKey.status()).as(unknownKey.toString()).isEqualTo(404);
            assertThat(unknownKey.errorCode()).isEqualTo("NAME_UNKNOWN");

            String blobUrl = v2 + "hub/e2e/app/blobs/" + layer.digest();
            HttpProbe.Streamed whole = HttpProbe.getStreamed(blobUrl);
            assertThat(whole.completed()).as(whole.toString()).isTrue();
            assertThat(whole.digest()).isEqualTo(layer.digest());

            byte[] layerBytes = Files.readAllBytes(layout.blob(layer.digest()));
            HttpProbe.Reply slice = HttpProbe.get(blobUrl, "Range", "bytes=1000-1999");
            assertThat(slice.status()).as(slice.toString()).isEqualTo(206);
            assertThat(slice.header("Content-Range")).hasValue("bytes 1000-1999/" + layer.size());
            assertThat(slice.body()).isEqualTo(Arrays.copyOfRange(layerBytes, 1000, 2000));

            long tailStart = layer.size() - 4096;
            HttpProbe.Reply tail = HttpProbe.get(blobUrl, "Range", "bytes=" + tailStart + "-");
            assertThat(tail.status()).as(tail.toString()).isEqualTo(206);
            assertThat(tail.header("Content-Range")).hasValue("bytes " + tailStart + "-" + (layer.size() - 1) + "/" + layer.size());
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(layerBytes, (int) tailStart, layerBytes.length));
        }
    }
}
