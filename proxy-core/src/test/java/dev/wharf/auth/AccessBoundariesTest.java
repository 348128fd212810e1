package dev.wharf.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.testing.InProcessWharf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every permission boundary over a socket, for a generic repository (the router's check, which every format under
 * /repository gets) and the Docker registry (its challenge, token flow and error codes), with tokens made through the
 * admin API.
 */
class AccessBoundariesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private InProcessWharf wharf;

    @BeforeEach
    void start() {
        wharf = InProcessWharf.start(dir, """
                auth: { bootstrapToken: "%s", maxFailures: 5, failureWindow: 1h }
                repositories:
                  - { key: files, format: generic, type: local }
                  - { key: secret, format: generic, type: local, anonymousRead: false }
                  - { key: images, format: docker, type: local }
                  - { key: hidden, format: docker, type: local, anonymousRead: false }
                """.formatted(InProcessWharf.ADMIN_TOKEN));
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    @Test
    void genericRepositoriesEnforceReadWriteAndTheWrongRepository() throws Exception {
        String reader = create("reader", "[\"read:*\"]", null);
        String writer = create("writer", "[\"write:files\"]", null);

        HttpResponse<String> anonymous = send("PUT", "/repository/files/a.txt", null, "x");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"wharf\"");
        assertThat(JSON.readTree(anonymous.body()).path("message").asText()).contains("authentication required");
        assertThat(send("PUT", "/repository/files/a.txt", bearer(reader), "x").statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/repository/files/a.txt", basic("anyone", writer), "x").statusCode()).isEqualTo(201);
        assertThat(send("GET", "/repository/files/a.txt", null, null).body()).isEqualTo("x");
        assertThat(send("PUT", "/repository/secret/a.txt", bearer(writer), "x").statusCode()).as("wrong repository").isEqualTo(404);

        assertThat(send("PUT", "/repository/secret/s.txt", bearer(InProcessWharf.ADMIN_TOKEN), "s").statusCode()).isEqualTo(201);
        assertThat(send("GET", "/repository/secret/s.txt", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/repository/secret/s.txt", bearer(reader), null).body()).isEqualTo("s");
        assertThat(send("GET", "/repository/secret/s.txt", bearer(writer), null).statusCode()).as("as if absent").isEqualTo(404);
    }

    @Test
    void expiredRevokedAndUnknownTokensAreRefusedAndFailuresAreRateLimited() throws Exception {
        String expired = create("expired", "[\"write:*\"]", Instant.now().minusSeconds(60).toString());
        String revoked = create("revoked", "[\"write:*\"]", null);
        assertThat(send("PUT", "/repository/files/r.txt", bearer(revoked), "r").statusCode()).isEqualTo(201);
        String id = JSON.readTree(send("GET", "/api/v1/tokens", bearer(InProcessWharf.ADMIN_TOKEN), null).body()).path("tokens")
                .findParents("name").stream().filter(t -> t.path("name").asText().equals("revoked")).findFirst().orElseThrow()
                .path("id").asText();
        assertThat(send("DELETE", "/api/v1/tokens/" + id, bearer(InProcessWharf.ADMIN_TOKEN), null).statusCode()).isEqualTo(204);

        assertThat(send("PUT", "/repository/files/r2.txt", bearer(revoked), "r").statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/repository/files/e.txt", bearer(expired), "e").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/repository/files/r.txt", bearer("wharf_nosuchtoken"), null).statusCode()).isEqualTo(401);
        HttpResponse<String> limited = null;
        for (int i = 0; i < 5 && (limited == null || limited.statusCode() != 429); i++) {
            limited = send("GET", "/repository/files/r.txt", bearer("wharf_wrong" + i), null);
        }
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(send("GET", "/metrics", null, null).body())
                .contains("wharf_auth_failures_total{reason=\"invalid\"} 5.0")
                .contains("wharf_auth_failures_total{reason=\"rate_limited\"}"));
    }

    @Test
    void theAdminApiNeedsAnAdminOfEveryRepository() throws Exception {
        String admin = create("images-admin", "[\"admin:images\"]", null);
        assertThat(send("GET", "/api/v1/tokens", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/tokens", bearer(admin), null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/gc?dryRun=true", bearer(admin), null).statusCode()).isEqualTo(403);
        HttpResponse<String> list = send("GET", "/api/v1/tokens", bearer(InProcessWharf.ADMIN_TOKEN), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("images-admin").doesNotContain(admin).doesNotContain(TokenSecrets.sha256(admin));
        assertThat(send("POST", "/api/v1/tokens", bearer(InProcessWharf.ADMIN_TOKEN),
                "{\"name\":\"bad\",\"permissions\":[\"own:*\"]}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/tokens", bearer(InProcessWharf.ADMIN_TOKEN),
                "{\"name\":\"images-admin\",\"permissions\":[\"read:*\"]}").statusCode()).isEqualTo(409);
    }

    @Test
    void dockerChallengesIssuesTokensAndHidesWhatTheCallerCannotRead() throws Exception {
        String pusher = create("pusher", "[\"write:images\"]", null);
        HttpResponse<String> ping = send("GET", "/v2/", null, null);
        assertThat(ping.statusCode()).isEqualTo(401);
        assertThat(ping.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer realm=\"http://127.0.0.1:" + wharf.port() + "/v2/token\"").contains("service=\"wharf\""));
        assertThat(send("GET", "/v2/token?service=wharf", basic("u", "wharf_wrong"), null).statusCode()).isEqualTo(401);

        JsonNode issued = JSON.readTree(send("GET", "/v2/token?service=wharf&scope=repository:images/app:pull,push",
                basic("u", pusher), null).body());
        String signed = issued.path("token").asText();
        assertThat(issued.path("access_token").asText()).isEqualTo(signed);
        assertThat(send("GET", "/v2/", bearer(signed), null).statusCode()).isEqualTo(200);

        HttpResponse<String> anonymousPush = send("POST", "/v2/images/app/blobs/uploads/", null, null);
        assertThat(anonymousPush.statusCode()).isEqualTo(401);
        assertThat(anonymousPush.body()).contains("UNAUTHORIZED");
        assertThat(anonymousPush.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).contains("scope=\"repository:images/app:pull,push\""));
        assertThat(send("POST", "/v2/images/app/blobs/uploads/", bearer(signed), null).statusCode()).isEqualTo(202);
        String reader = create("reader", "[\"read:images\"]", null);
        HttpResponse<String> denied = send("POST", "/v2/images/app/blobs/uploads/", basic("u", reader), null);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("DENIED");

        assertThat(send("PUT", "/v2/hidden/app/manifests/v1", bearer(InProcessWharf.ADMIN_TOKEN), "{}").statusCode())
                .as("a bad manifest, but one the admin may push").isEqualTo(400);
        assertThat(send("GET", "/v2/hidden/app/tags/list", bearer(signed), null).body()).contains("NAME_UNKNOWN");
        assertThat(send("GET", "/v2/_catalog", null, null).body()).doesNotContain("hidden");
        assertThat(send("GET", "/v2/nosuch/app/tags/list", null, null).body()).doesNotContain("hidden");
    }

    private String create(String name, String permissions, String expiresAt) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/tokens", bearer(InProcessWharf.ADMIN_TOKEN),
                "{\"name\":\"" + name + "\",\"owner\":\"tests\",\"permissions\":" + permissions
                        + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = JSON.readTree(created.body()).path("token").asText();
        assertThat(secret).startsWith(TokenSecrets.PREFIX).hasSize(TokenSecrets.PREFIX.length() + 43);
        return secret;
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wharf.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
