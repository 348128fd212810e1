package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bearer front challenges, issues tokens for Basic credentials only, and proxies a real pull. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class TokenAuthFrontTest {
    private static final String PASSWORD = "front-password";

    @TempDir
    Path tmp;

    @Test
    void challengesIssuesTokensAndProxiesAPull() throws IOException {
        OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 31, 8);
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        try (DistributionRegistry registry = DistributionRegistry.start(tmp.resolve("registry"));
             TokenAuthFront front = new TokenAuthFront(registry.url(), "alice", PASSWORD)) {
            skopeo.push(layout, registry.hostPort(), "e2e/app");
            String manifestUrl = front.url() + "/v2/e2e/app/manifests/v1";

            HttpProbe.Reply ping = HttpProbe.get(front.url() + "/v2/");
            assertThat(ping.status()).isEqualTo(401);
            assertThat(ping.header("WWW-Authenticate")).hasValue("Bearer realm=\"" + front.url() + "/token\",service=\"e2e\"");
            HttpProbe.Reply anonymous = HttpProbe.get(manifestUrl);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.errorCode()).isEqualTo("UNAUTHORIZED");
            assertThat(anonymous.header("WWW-Authenticate")).hasValue("Bearer realm=\"" + front.url()
                    + "/token\",service=\"e2e\",scope=\"repository:e2e/app:pull\"");

            String tokenUrl = front.url() + "/token?service=e2e&scope=repository:e2e/app:pull";
            assertThat(HttpProbe.get(tokenUrl).status()).isEqualTo(401);
            assertThat(HttpProbe.get(tokenUrl, "Authorization", basic("alice", "wrong")).status()).isEqualTo(401);
            HttpProbe.Reply issued = HttpProbe.get(tokenUrl, "Authorization", basic("alice", PASSWORD));
            assertThat(issued.status()).isEqualTo(200);
            JsonNode token = new ObjectMapper().readTree(issued.body());
            assertThat(token.path("expires_in").asInt()).isEqualTo(300);
            assertThat(HttpProbe.get(manifestUrl, "Authorization", "Bearer not-issued").status()).isEqualTo(401);

            String bearer = "Bearer " + token.path("token").asText();
            HttpProbe.Reply manifest = HttpProbe.get(manifestUrl, "Authorization", bearer,
                    "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(manifest.status()).isEqualTo(200);
            assertThat(manifest.digest()).isEqualTo(layout.root().digest());
            OciDescriptor layer = layout.image().layers().get(0);
            HttpProbe.Reply head = HttpProbe.head(front.url() + "/v2/e2e/app/blobs/" + layer.digest(), "Authorization", bearer);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).hasValue(Long.toString(layer.size()));
            HttpProbe.Streamed blob = HttpProbe.getStreamed(front.url() + "/v2/e2e/app/blobs/" + layer.digest(), "Authorization", bearer);
            assertThat(blob.completed()).isTrue();
            assertThat(blob.digest()).isEqualTo(layer.digest());
            assertThat(front.tokenRequests()).isEqualTo(3);

            // skopeo tries HTTPS first, and the JDK server never answers a TLS hello: this run waits out
            // skopeo's 10 s handshake timeout before it falls back to HTTP, so it is the only one.
            skopeo.copyToDir(front.hostPort() + "/e2e/app:v1", tmp.resolve("pull"), "--src-creds", "alice:" + PASSWORD);
            Skopeo.verifyDirCopy(tmp.resolve("pull"), layout.image());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
