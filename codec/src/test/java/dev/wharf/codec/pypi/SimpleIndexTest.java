package dev.wharf.codec.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PEP 503 HTML and PEP 691 JSON forms: read, written, and read back to the same page. */
class SimpleIndexTest {
    private static final String SHA = "a".repeat(64);
    private static final String META = "b".repeat(64);
    private static final URI BASE = URI.create("https://index.example.com/simple/demo/");

    @Test
    void readsAnHtmlPageWithEveryAttribute() {
        String html = """
                <!DOCTYPE html><html><body>
                <A HREF="../../files/demo-1.0.tar.gz#sha256=%s" data-requires-python="&gt;=3.8">demo-1.0.tar.gz</a><br>
                <a href='https://files.example.com/d/demo-1.1-py3-none-any.whl#sha256=%s' data-core-metadata="sha256=%s"
                   data-yanked="bad &amp; broken">demo-1.1-py3-none-any.whl</a>
                <a href="demo-1.2.tar.gz" data-dist-info-metadata="true" data-yanked>demo-1.2.tar.gz</a>
                <a>no href</a>
                </body></html>
                """.formatted(SHA, SHA, META);

        ProjectPage page = SimpleHtml.parsePage("demo", html, BASE);

        assertThat(page.files()).containsExactly(
                new DistFile("demo-1.0.tar.gz", "https://index.example.com/files/demo-1.0.tar.gz", Map.of("sha256", SHA), ">=3.8",
                        null, null, null, null),
                new DistFile("demo-1.1-py3-none-any.whl", "https://files.example.com/d/demo-1.1-py3-none-any.whl",
                        Map.of("sha256", SHA), null, "bad & broken", Map.of("sha256", META), null, null),
                new DistFile("demo-1.2.tar.gz", "https://index.example.com/simple/demo/demo-1.2.tar.gz", Map.of(), null, "",
                        Map.of(), null, null));
        assertThat(page.versions()).containsExactly("1.0", "1.1", "1.2");
    }

    @Test
    void htmlRoundTrips() {
        ProjectPage page = ProjectPage.of("demo", List.of(
                new DistFile("demo-1.0.tar.gz", "../../packages/demo/demo-1.0.tar.gz", Map.of("sha256", SHA), "<4,>=3", "why \"not\"",
                        Map.of("sha256", META), 10L, "2024-01-01T00:00:00Z")));
        String html = SimpleHtml.renderPage(page);

        assertThat(html).contains("href=\"../../packages/demo/demo-1.0.tar.gz#sha256=" + SHA + "\"")
                .contains("data-requires-python=\"&lt;4,&gt;=3\"").contains("data-core-metadata=\"sha256=" + META + "\"")
                .contains("data-dist-info-metadata=\"sha256=" + META + "\"").contains("data-yanked=\"why &quot;not&quot;\"");
        DistFile back = SimpleHtml.parsePage("demo", html, null).files().get(0);
        assertThat(back.url()).isEqualTo("../../packages/demo/demo-1.0.tar.gz");
        assertThat(back.hashes()).containsEntry("sha256", SHA);
        assertThat(back.requiresPython()).isEqualTo("<4,>=3");
        assertThat(back.yanked()).isEqualTo("why \"not\"");
        assertThat(back.coreMetadata()).containsEntry("sha256", META);
    }

    @Test
    void jsonRoundTripsWithPep700Fields() {
        ProjectPage page = new ProjectPage("demo", List.of(
                new DistFile("demo-1.0-py3-none-any.whl", "https://files.example.com/demo-1.0-py3-none-any.whl",
                        Map.of("sha256", SHA), ">=3", null, Map.of("sha256", META), 1234L, "2024-01-01T00:00:00Z"),
                new DistFile("demo-1.1.tar.gz", "demo-1.1.tar.gz", Map.of(), null, "", null, 99L, null)), List.of("1.0", "1.1"));

        byte[] json = SimpleJson.renderPage(page);
        String text = new String(json, StandardCharsets.UTF_8);

        assertThat(text).startsWith("{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"demo\",\"versions\":[\"1.0\",\"1.1\"]")
                .contains("\"size\":1234").contains("\"upload-time\":\"2024-01-01T00:00:00Z\"").contains("\"yanked\":true")
                .contains("\"core-metadata\":{\"sha256\":\"" + META + "\"}");
        assertThat(SimpleJson.parsePage("demo", json, null)).isEqualTo(page);
        assertThat(SimpleJson.parsePage("demo", json, URI.create("https://x.example.com/simple/demo/")).files().get(1).url())
                .isEqualTo("https://x.example.com/simple/demo/demo-1.1.tar.gz");
    }

    @Test
    void jsonWithoutSizesIsVersion10AndBadJsonIsRefused() {
        ProjectPage page = ProjectPage.of("demo", List.of(new DistFile("demo-1.0.tar.gz", "u", Map.of(), null, null, null, null, null)));
        assertThat(new String(SimpleJson.renderPage(page), StandardCharsets.UTF_8)).contains("\"api-version\":\"1.0\"");
        assertThatThrownBy(() -> SimpleJson.parsePage("demo", "<html>".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(SimpleIndexException.class);
        assertThatThrownBy(() -> SimpleJson.parsePage("demo", "[1]".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(SimpleIndexException.class);
    }

    @Test
    void projectListsInBothForms() {
        assertThat(SimpleHtml.parseList("<a href=\"/simple/a/\">A_b</a><a href=\"x\">not a name!</a>")).containsExactly("A_b");
        assertThat(SimpleHtml.renderList(List.of("A_b"))).contains("<a href=\"a-b/\">A_b</a>");
        assertThat(SimpleJson.parseList(SimpleJson.renderList(List.of("one", "Two")))).containsExactly("one", "Two");
    }

    @Test
    void mergeKeepsTheFirstPagesFileOfAName() {
        DistFile first = new DistFile("demo-1.0.tar.gz", "first", Map.of("sha256", SHA), null, null, null, 1L, null);
        DistFile second = new DistFile("demo-1.0.tar.gz", "second", Map.of("sha256", META), null, null, null, 1L, null);
        DistFile other = new DistFile("demo-2.0.tar.gz", "second", Map.of(), null, null, null, 1L, null);

        ProjectPage merged = ProjectPage.merge(List.of(ProjectPage.of("demo", List.of(first)), ProjectPage.of("Demo", List.of(second, other))));

        assertThat(merged.files()).containsExactly(first, other);
        assertThat(merged.versions()).containsExactly("1.0", "2.0");
        assertThat(merged.name()).isEqualTo("demo");
    }

    @Test
    void pathsOfARepository() {
        assertThat(PypiPath.parse(List.of(), true)).hasValue(new PypiPath.Root());
        assertThat(PypiPath.parse(List.of("simple"), true)).hasValue(new PypiPath.ProjectList());
        assertThat(PypiPath.parse(List.of("simple", "Demo_Pkg"), true)).hasValue(new PypiPath.Project("demo-pkg"));
        assertThat(PypiPath.parse(List.of("simple", "demo"), false)).isEmpty();
        assertThat(PypiPath.parse(List.of("packages", "Demo", "demo-1.0.tar.gz"), false))
                .hasValue(new PypiPath.File("demo", "demo-1.0.tar.gz", false));
        PypiPath.File metadata = (PypiPath.File) PypiPath.parse(List.of("packages", "demo", "d-1.0-py3-none-any.whl.metadata"), false)
                .orElseThrow();
        assertThat(metadata).isEqualTo(new PypiPath.File("demo", "d-1.0-py3-none-any.whl", true));
        assertThat(metadata.path()).isEqualTo("packages/demo/d-1.0-py3-none-any.whl.metadata");
        assertThat(PypiPath.parse(List.of("packages", "demo"), false)).isEmpty();
        assertThat(PypiPath.parse(List.of("other"), false)).isEmpty();
    }
}
