package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.testing.InProcessWharf;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code wharf token create|list|revoke} against a running Wharf, with their exit codes and {@code --output json}. */
class TokenCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private InProcessWharf wharf;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: files, format: generic, type: local }
                """);
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return new CommandLine(new TokenCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void createsListsAndRevokesATokenThatWorksUntilRevoked() throws Exception {
        String admin = "--token=" + InProcessWharf.ADMIN_TOKEN;
        String server = "--server=" + wharf.url();
        assertThat(run("create", "ci", "-p", "write:files", "--owner", "fleet", server, admin, "--output", "json"))
                .as(err.toString()).isZero();
        JsonNode created = JSON.readTree(out.toString());
        String secret = created.path("token").asText();
        assertThat(created.path("permissions").get(0).asText()).isEqualTo("write:files");
        assertThat(put(secret)).isEqualTo(201);

        assertThat(run("list", server, admin)).isZero();
        assertThat(out.toString()).contains("ci", "fleet", "write:files", "never").doesNotContain(secret);
        assertThat(run("list", server, admin, "--output", "json")).isZero();
        assertThat(JSON.readTree(out.toString()).get(0).path("name").asText()).isEqualTo("ci");

        assertThat(run("revoke", "ci", server, admin)).isZero();
        assertThat(out.toString()).contains("token ci revoked");
        assertThat(put(secret)).isEqualTo(401);
        assertThat(run("revoke", "ci", server, admin)).as("a missing token").isEqualTo(AdminClient.MISSING);
        assertThat(err.toString()).contains("no token");
    }

    @Test
    void aBadTokenAndAnUnreachableServerHaveTheirOwnExitCodes() {
        assertThat(run("list", "--server=" + wharf.url(), "--token=wharf_wrong")).isEqualTo(AdminClient.BAD_TOKEN);
        assertThat(err.toString()).startsWith("wharf token list: the server refused the token (401)");
        assertThat(run("list", "--server=" + wharf.url(), "--token=")).isEqualTo(AdminClient.BAD_TOKEN);
        int port = wharf.port();
        wharf.close();
        assertThat(run("list", "--server=http://127.0.0.1:" + port, "--token=x")).isEqualTo(AdminClient.UNREACHABLE);
        assertThat(err.toString()).contains("cannot reach Wharf at http://127.0.0.1:" + port);
        assertThat(run("create", "x")).as("a missing --permission").isEqualTo(2);
    }

    private int put(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(wharf.url() + "/repository/files/x-" + System.nanoTime()))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
