package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.testing.FakeRegistry;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How requests pick a remote: containerd's ?ns= before path mode, and no fallback for an unknown ns. */
@Timeout(60)
class DockerRoutingTest {
    private static final String TYPE = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path dir;
    private final FakeRegistry up = FakeRegistry.start();
    private final FakeRegistry quay = FakeRegistry.start();
    private InProcessWharf wharf;

    @AfterEach
    void tearDown() {
        if (wharf != null) {
            wharf.close();
        }
        up.close();
        quay.close();
    }

    @Test
    void nsPicksTheRemoteOfThatHostEvenWhenTheFirstComponentIsAKey() {
        byte[] fromUp = "{\"schemaVersion\":2,\"from\":\"up\"}".getBytes(StandardCharsets.UTF_8);
        byte[] fromQuay = "{\"schemaVersion\":2,\"from\":\"quay\"}".getBytes(StandardCharsets.UTF_8);
        up.manifest("quay/busybox", "1", TYPE, fromUp);
        quay.manifest("busybox", "1", TYPE, fromQuay);
        wharf = InProcessWharf.start(dir, """
                docker: { defaultRepository: quay }
                repositories:
                  - { key: up, format: docker, type: remote, url: "%s" }
                  - { key: quay, format: docker, type: remote, url: "%s" }
                """.formatted(up.url(), quay.url()));
        RawHttp.Response ns = RawHttp.get(wharf.port(), "/v2/quay/busybox/manifests/1?ns=" + up.hostPort(), "Accept", TYPE);
        assertThat(ns.status()).as(ns.toString()).isEqualTo(200);
        assertThat(ns.body()).isEqualTo(fromUp);
        RawHttp.Response path = RawHttp.get(wharf.port(), "/v2/quay/busybox/manifests/1", "Accept", TYPE);
        assertThat(path.body()).isEqualTo(fromQuay);
    }

    @Test
    void anNsNoRemoteServesIsA404SoContainerdFallsBackToTheRegistryItself() {
        quay.manifest("library/alpine", "3", TYPE, "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8));
        wharf = InProcessWharf.start(dir, """
                docker: { defaultRepository: quay }
                repositories:
                  - { key: quay, format: docker, type: remote, url: "%s" }
                """.formatted(quay.url()));
        RawHttp.Response response = RawHttp.get(wharf.port(), "/v2/library/alpine/manifests/3?ns=registry.example.com", "Accept", TYPE);
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.text()).contains("NAME_UNKNOWN");
        assertThat(quay.requests()).isEmpty();
    }
}
