package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.testing.FakeRegistry;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tags/list} and {@code _catalog} of Docker remotes: skopeo inspect lists tags first. */
@Timeout(60)
class DockerListsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final FakeRegistry registry = FakeRegistry.start();
    private InProcessWharf wharf;

    @AfterEach
    void tearDown() {
        if (wharf != null) {
            wharf.close();
        }
        registry.close();
    }

    @Test
    void tagsAreListedCachedAndPagedWithALink() throws Exception {
        // The upstream pages its list itself: Wharf reads every page.
        registry.on("/v2/team/app/tags/list", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            boolean second = query != null && query.contains("last=b");
            if (!second) {
                exchange.getResponseHeaders().set("Link", "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
            }
            byte[] body = (second ? "{\"name\":\"team/app\",\"tags\":[\"d\",\"c\"]}"
                    : "{\"name\":\"team/app\",\"tags\":[\"b\",\"a\"]}").getBytes(StandardCharsets.UTF_8);
            FakeRegistry.send(exchange, 200, "application/json", body);
        });
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: hub, format: docker, type: remote, url: "%s" }
                """.formatted(registry.url()));
        RawHttp.Response all = RawHttp.get(wharf.port(), "/v2/hub/team/app/tags/list");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        JsonNode body = JSON.readTree(all.body());
        assertThat(body.path("name").asText()).isEqualTo("hub/team/app");
        assertThat(body.path("tags").toString()).isEqualTo("[\"a\",\"b\",\"c\",\"d\"]");

        RawHttp.Response page = RawHttp.get(wharf.port(), "/v2/hub/team/app/tags/list?n=3");
        assertThat(JSON.readTree(page.body()).path("tags").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(page.header("Link")).hasValue("</v2/hub/team/app/tags/list?n=3&last=c>; rel=\"next\"");
        RawHttp.Response rest = RawHttp.get(wharf.port(), "/v2/hub/team/app/tags/list?n=3&last=c");
        assertThat(JSON.readTree(rest.body()).path("tags").toString()).isEqualTo("[\"d\"]");
        assertThat(rest.header("Link")).isEmpty();
        assertThat(registry.count("GET", "/v2/team/app/tags/list")).as("cached as metadata").isEqualTo(2);

        assertThat(RawHttp.get(wharf.port(), "/v2/hub/team/app/tags/list?n=x").status()).isEqualTo(400);
        assertThat(RawHttp.get(wharf.port(), "/v2/hub/team/none/tags/list").status()).isEqualTo(404);
    }

    @Test
    void theCatalogMergesEveryRemoteUnderItsKey() throws Exception {
        registry.on("/v2/_catalog", exchange -> FakeRegistry.send(exchange, 200, "application/json",
                "{\"repositories\":[\"team/b\",\"team/a\"]}".getBytes(StandardCharsets.UTF_8)));
        try (FakeRegistry noCatalog = FakeRegistry.start()) {
            wharf = InProcessWharf.start(dir, """
                    repositories:
                      - { key: hub, format: docker, type: remote, url: "%s" }
                      - { key: other, format: docker, type: remote, url: "%s" }
                    """.formatted(registry.url(), noCatalog.url()));
            RawHttp.Response catalog = RawHttp.get(wharf.port(), "/v2/_catalog");
            assertThat(catalog.status()).as(catalog.toString()).isEqualTo(200);
            assertThat(JSON.readTree(catalog.body()).path("repositories").toString()).isEqualTo("[\"hub/team/a\",\"hub/team/b\"]");
            RawHttp.Response page = RawHttp.get(wharf.port(), "/v2/_catalog?n=1");
            assertThat(page.header("Link")).hasValue("</v2/_catalog?n=1&last=hub%2Fteam%2Fa>; rel=\"next\"");
        }
    }
}
