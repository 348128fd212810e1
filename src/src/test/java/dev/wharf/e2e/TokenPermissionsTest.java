package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.e2e.support.DockerRepository;
import dev.wharf.e2e.support.GenericRepository;
import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.ImageFactory;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Skopeo;
import dev.wharf.e2e.support.WharfProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens made through the admin API meet every permission boundary with real clients (skopeo {@code --creds} for
 * the registry, HTTP Bearer and Basic for a generic repository): anonymous, read, write, admin, the wrong
 * repository, an expired and a revoked token. Then neither any token nor the upstream password appears in any log
 * line or any API response.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Skopeo.PROGRAM, debianPackage = Skopeo.DEBIAN_PACKAGE)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
class TokenPermissionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_PASSWORD = "upstream-pw-5e1d9c7a3b";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> responses = new ArrayList<>();

    @TempDir
    Path tmp;

    @Test
    void everyBoundaryHoldsAndNoSecretIsEverPrinted() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("upstream"));
        Files.writeString(root.resolve("tool.txt"), "from upstream");
        try (HttpFileServer upstream = HttpFileServer.start(root, tmp.resolve("upstream.log"));
             WharfProcess wharf = WharfProcess.builder(tmp.resolve("wharf")).name("TokenPermissionsTest")
                     .section("auth: { bootstrapToken: \"" + WharfProcess.ADMIN_TOKEN + "\", maxFailures: 1000 }")
                     .docker(DockerRepository.local("images"))
                     .repository("{ key: private, format: docker, type: local, anonymousRead: false }")
                     .generic(GenericRepository.local("files"))
                     .repository("{ key: mirror, format: generic, type: remote, url: \"" + upstream.url()
                             + "\", username: robot, password: \"${UPSTREAM_PASSWORD}\" }")
                     .env("UPSTREAM_PASSWORD", UPSTREAM_PASSWORD)
                     .start()) {
            String writer = create(wharf, "writer", "[\"write:images\", \"write:files\"]", null);
            String reader = create(wharf, "reader", "[\"read:*\"]", null);
            String expired = create(wharf, "expired", "[\"admin:*\"]", Instant.now().minusSeconds(5).toString());
            String revoked = create(wharf, "revoked", "[\"admin:*\"]", null);
            revoke(wharf, "revoked");
            String admin = create(wharf, "admin", "[\"admin:*\"]", null);

            Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
            OciLayout layout = ImageFactory.image(tmp.resolve("layout"), "v1", 1201, 1);
            String image = "docker://" + wharf.hostPort() + "/images/e2e/app:v1";
            assertRefused(copy(skopeo, layout, image, null), "unauthorized", "anonymous");
            assertRefused(copy(skopeo, layout, image, reader), "denied", "read only");
            assertRefused(copy(skopeo, layout, image, expired), "unauthorized", "expired");
            assertRefused(copy(skopeo, layout, image, revoked), "unauthorized", "revoked");
            copy(skopeo, layout, image, writer).requireSuccess();
            String privateImage = "docker://" + wharf.hostPort() + "/private/e2e/app:v1";
            assertThat(copy(skopeo, layout, privateImage, writer).exitCode()).as("the wrong repository").isNotZero();
            copy(skopeo, layout, privateImage, admin).requireSuccess();

            assertThat(skopeo.run(List.of("inspect", "--tls-verify=false", image)).exitCode()).as("anonymous read").isZero();
            assertThat(skopeo.run(List.of("inspect", "--tls-verify=false", privateImage)).exitCode())
                    .as("anonymous read of a repository without anonymousRead").isNotZero();
            responses.add(skopeo.run(List.of("inspect", "--tls-verify=false", "--creds", "token:" + reader, privateImage))
                    .requireSuccess().output());

            String file = wharf.url() + "/repository/files/notes.txt";
            assertThat(send("PUT", file, null, "n").statusCode()).isEqualTo(401);
            assertThat(send("PUT", file, "Bearer " + reader, "n").statusCode()).isEqualTo(403);
            assertThat(send("PUT", file, "Bearer " + revoked, "n").statusCode()).isEqualTo(401);
            assertThat(send("PUT", file, basic(writer), "n").statusCode()).isEqualTo(201);
            assertThat(send("GET", file, null, null).body()).isEqualTo("n");
            assertThat(send("GET", wharf.url() + "/repository/mirror/tool.txt", null, null).body()).isEqualTo("from upstream");
            assertThat(send("GET", wharf.url() + "/api/v1/tokens", "Bearer " + writer, null).statusCode()).isEqualTo(403);
            assertThat(send("GET", wharf.url() + "/api/v1/tokens", "Bearer " + admin, null).statusCode()).isEqualTo(200);
            send("GET", wharf.url() + "/metrics", null, null);

            wharf.stop();
            String log = Files.readString(wharf.log(), StandardCharsets.UTF_8);
            // The log's head is the config written for the test; what Wharf itself printed follows the marker.
            String printed = log.substring(log.indexOf("--- Wharf output ---"));
            assertThat(printed).contains("authentication failed");
            for (String secret : List.of(WharfProcess.ADMIN_TOKEN, writer, reader, expired, revoked, admin, UPSTREAM_PASSWORD)) {
                assertThat(printed).as("the log").doesNotContain(secret);
                assertThat(responses).as("API responses").noneMatch(body -> body.contains(secret) && !body.contains("\"token\":"));
            }
        }
    }

    private Processes.Outcome copy(Skopeo skopeo, OciLayout layout, String destination, String token) {
        List<String> args = new ArrayList<>(List.of("copy", "--dest-tls-verify=false"));
        if (token != null) {
            args.addAll(List.of("--dest-creds", "token:" + token));
        }
        args.addAll(List.of("oci:" + layout.dir() + ":" + layout.tag(), destination));
        Processes.Outcome outcome = skopeo.run(args);
        responses.add(outcome.output());
        return outcome;
    }

    private static void assertRefused(Processes.Outcome outcome, String word, String why) {
        assertThat(outcome.exitCode()).as(why + ": " + outcome.output()).isNotZero();
        assertThat(outcome.output().toLowerCase()).as(why).contains(word);
    }

    /** Creates a token through the admin API with the bootstrap token; returns its secret, shown this once. */
    private String create(WharfProcess wharf, String name, String permissions, String expiresAt) throws Exception {
        HttpResponse<String> created = send("POST", wharf.url() + "/api/v1/tokens", "Bearer " + WharfProcess.ADMIN_TOKEN,
                "{\"name\":\"" + name + "\",\"owner\":\"e2e\",\"permissions\":" + permissions
                        + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("token").asText();
    }

    private void revoke(WharfProcess wharf, String name) throws Exception {
        JsonNode list = JSON.readTree(send("GET", wharf.url() + "/api/v1/tokens", "Bearer " + WharfProcess.ADMIN_TOKEN, null).body());
        for (JsonNode token : list.path("tokens")) {
            if (token.path("name").asText().equals(name)) {
                assertThat(send("DELETE", wharf.url() + "/api/v1/tokens/" + token.path("id").asText(),
                        "Bearer " + WharfProcess.ADMIN_TOKEN, null).statusCode()).isEqualTo(204);
            }
        }
    }

    private static String basic(String token) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("ci:" + token).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String url, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(response.headers().map() + " " + response.body());
        return response;
    }
}
