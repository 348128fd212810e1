package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker API's own answers, on a running Wharf (real event loops, real stores) whose upstream refuses
 * connections: every error is registry JSON with the right code and status.
 */
@Timeout(30)
class DockerHandlerTest {
    private static final List<String[]> ADMIN = List.<String[]>of(new String[] {"Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN});
    @TempDir
    Path dir;
    private InProcessWharf wharf;

    @BeforeEach
    void setUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: hub, format: docker, type: remote, url: "http://127.0.0.1:%d", blocklist: ["evil/*"] }
                  - { key: images, format: docker, type: local }
                """.formatted(closedPort));
    }

    @AfterEach
    void tearDown() {
        wharf.close();
    }

    @Test
    void pingAnswersWithTheApiVersion() {
        RawHttp.Response ping = RawHttp.send(wharf.port(), "GET", "/v2/", ADMIN, Duration.ofSeconds(20));
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.header("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        assertThat(ping.text()).isEqualTo("{}");
    }

    @Test
    void unknownRepositoryIsNameUnknown() {
        assertError(send("GET", "/v2/nobody/app/manifests/latest"), 404, "NAME_UNKNOWN");
    }

    @Test
    void blocklistedImageIsDenied() {
        assertError(send("GET", "/v2/hub/evil/thing/manifests/latest"), 403, "DENIED");
    }

    @Test
    void traversalIsRejectedInRegistryFormat() {
        assertError(send("GET", "/v2/hub/../etc/manifests/latest"), 400, "NAME_INVALID");
        assertError(send("GET", "/v2/hub/%2e%2e/x/manifests/latest"), 400, "NAME_INVALID");
    }

    @Test
    void writesToARemoteAreUnsupported() {
        assertError(RawHttp.send(wharf.port(), "DELETE", "/v2/hub/app/manifests/latest", ADMIN, Duration.ofSeconds(20)),
                405, "UNSUPPORTED");
    }

    @Test
    void anUnknownManifestOfALocalRepositoryIsManifestUnknown() {
        RawHttp.Response local = send("GET", "/v2/images/app/manifests/latest");
        assertError(local, 404, "MANIFEST_UNKNOWN");
        assertThat(local.text()).contains("images");
    }

    @Test
    void upstreamRefusingConnectionsIs502NotA404() {
        assertError(send("GET", "/v2/hub/app/manifests/latest"), 502, "UPSTREAM_UNAVAILABLE");
        assertError(send("GET", "/v2/hub/app/blobs/sha256:" + "a".repeat(64)), 502, "UPSTREAM_UNAVAILABLE");
        assertThat(send("HEAD", "/v2/hub/app/blobs/sha256:" + "a".repeat(64)).status()).isEqualTo(502);
        assertError(send("GET", "/v2/hub/app/tags/list"), 502, "UPSTREAM_UNAVAILABLE");
    }

    @Test
    void badDigestIsDigestInvalid() {
        assertError(send("GET", "/v2/hub/app/blobs/sha256:xyz"), 400, "DIGEST_INVALID");
    }

    private RawHttp.Response send(String method, String target) {
        return RawHttp.send(wharf.port(), method, target, List.of(), Duration.ofSeconds(20));
    }

    private static void assertError(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.text()).contains("\"code\":\"" + code + "\"");
    }
}
