package dev.wharf.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.testing.InProcessWharf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real responses of an in-process Wharf (tokens, garbage collection, stats, errors) conform to the schemas the
 * OpenAPI document gives for their operation and status, and come as JSON where the document says so.
 */
@Timeout(60)
class OpenApiResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private InProcessWharf wharf;
    private JsonNode document;
    private SchemaValidator validator;

    @BeforeEach
    void start() throws Exception {
        wharf = InProcessWharf.start(dir, """
                gc: { grace: 0s }
                repositories:
                  - { key: files, format: generic, type: local }
                  - { key: empty, format: generic, type: local }
                """);
        document = JSON.readTree(send("GET", "/api/v1/openapi.json", null, null).body());
        validator = new SchemaValidator(document);
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    @Test
    void tokenResponsesConform() throws Exception {
        String admin = InProcessWharf.ADMIN_TOKEN;
        JsonNode created = conforms("POST", "/api/v1/tokens", 201,
                send("POST", "/api/v1/tokens", admin, "{\"name\": \"ci\", \"permissions\": [\"read:files\"]}"));
        conforms("POST", "/api/v1/tokens", 201, send("POST", "/api/v1/tokens", admin,
                "{\"name\": \"until\", \"permissions\": [\"write:*\"], \"expiresAt\": \"2030-01-01T00:00:00Z\"}"));
        conforms("POST", "/api/v1/tokens", 400, send("POST", "/api/v1/tokens", admin, "{\"permissions\": []}"));
        conforms("POST", "/api/v1/tokens", 400, send("POST", "/api/v1/tokens", admin, "not json"));
        conforms("POST", "/api/v1/tokens", 409, send("POST", "/api/v1/tokens", admin,
                "{\"name\": \"ci\", \"permissions\": [\"read:files\"]}"));
        conforms("POST", "/api/v1/tokens", 413, send("POST", "/api/v1/tokens", admin, "[" + " ".repeat(70_000) + "]"));
        JsonNode list = conforms("GET", "/api/v1/tokens", 200, send("GET", "/api/v1/tokens", admin, null));
        assertThat(list.path("tokens")).hasSize(2);
        conforms("GET", "/api/v1/tokens", 401, send("GET", "/api/v1/tokens", null, null));
        conforms("GET", "/api/v1/tokens", 401, send("GET", "/api/v1/tokens", "wharf_not_a_token", null));
        conforms("GET", "/api/v1/tokens", 403, send("GET", "/api/v1/tokens", created.path("token").asText(), null));
        conforms("DELETE", "/api/v1/tokens/{id}", 404, send("DELETE", "/api/v1/tokens/nope", admin, null));
        conforms("DELETE", "/api/v1/tokens/{id}", 204, send("DELETE", "/api/v1/tokens/" + created.path("id").asText(), admin, null));
    }

    @Test
    void gcResponsesConform() throws Exception {
        String admin = InProcessWharf.ADMIN_TOKEN;
        conforms("GET", "/api/v1/gc", 404, send("GET", "/api/v1/gc", admin, null));
        assertThat(send("PUT", "/repository/files/a.txt", admin, "kept").statusCode()).isEqualTo(201);
        JsonNode dry = conforms("POST", "/api/v1/gc", 200, send("POST", "/api/v1/gc?dryRun=true", admin, null));
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        JsonNode run = conforms("POST", "/api/v1/gc", 200, send("POST", "/api/v1/gc", admin, null));
        assertThat(run.path("dryRun").asBoolean()).isFalse();
        Instant.parse(run.path("startedAt").asText());
        conforms("GET", "/api/v1/gc", 200, send("GET", "/api/v1/gc", admin, null));
        conforms("POST", "/api/v1/gc", 403, send("POST", "/api/v1/gc", readToken(), null));
    }

    @Test
    void statsResponsesConform() throws Exception {
        String admin = InProcessWharf.ADMIN_TOKEN;
        assertThat(send("PUT", "/repository/files/a.txt", admin, "stored").statusCode()).isEqualTo(201);
        JsonNode stats = conforms("GET", "/api/v1/stats", 200, send("GET", "/api/v1/stats", admin, null));
        assertThat(stats.path("repositories").get(0).path("lastAccess").isTextual()).isTrue();
        assertThat(stats.path("repositories").get(1).path("lastAccess").isNull()).isTrue();
        Instant.parse(stats.path("since").asText());
        conforms("GET", "/api/v1/stats/{key}", 200, send("GET", "/api/v1/stats/files", admin, null));
        conforms("GET", "/api/v1/stats/{key}", 404, send("GET", "/api/v1/stats/nope", admin, null));
        conforms("GET", "/api/v1/stats", 401, send("GET", "/api/v1/stats", null, null));
        conforms("GET", "/api/v1/openapi.json", 200, send("GET", "/api/v1/openapi.json", null, null));
    }

    /** A token that may read but is no admin. */
    private String readToken() throws Exception {
        return JSON.readTree(send("POST", "/api/v1/tokens", InProcessWharf.ADMIN_TOKEN,
                "{\"name\": \"reader\", \"permissions\": [\"read:*\"]}").body()).path("token").asText();
    }

    /**
     * Asserts the response has {@code status}, that the document lists that status for the operation, and that the
     * body is JSON conforming to the documented schema (or absent where the document has no content); answers the body.
     */
    private JsonNode conforms(String method, String template, int status, HttpResponse<String> response) throws Exception {
        String name = method + " " + template + " " + status;
        assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(status);
        JsonNode documented = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT))
                .path("responses").path(String.valueOf(status));
        assertThat(documented.isObject()).as(name + " is documented").isTrue();
        if (documented.has("$ref")) {
            documented = validator.resolve(documented.get("$ref").asText());
        }
        JsonNode content = documented.path("content").path("application/json");
        if (content.isMissingNode()) {
            assertThat(response.body()).as(name + " has no body").isEmpty();
            return null;
        }
        assertThat(response.headers().firstValue("Content-Type")).as(name)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(validator.validate(content.path("schema"), body)).as(name + ": " + body).isEmpty();
        return body;
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wharf.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
