package dev.wharf.pypi;

import dev.wharf.codec.pypi.ProjectPage;
import dev.wharf.codec.pypi.SimpleFormat;
import dev.wharf.codec.pypi.SimpleHtml;
import dev.wharf.codec.pypi.SimpleJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one form a remote stores an upstream page in, whatever form the upstream answered in: PEP 691 JSON with
 * absolute upstream URLs, so a client of either form is answered from the same copy, and the file links can
 * be rewritten through Wharf when served.
 */
final class StoredIndex {
    /** The media type of the stored form. */
    static final String MEDIA_TYPE = SimpleFormat.JSON.mediaType();

    private StoredIndex() {
    }

    /** An upstream project page, {@code answered} at that URL, in its stored form. */
    static byte[] projectPage(String project, byte[] body, SimpleFormat format, URI answered) {
        ProjectPage page = format == SimpleFormat.JSON ? SimpleJson.parsePage(project, body, answered)
                : SimpleHtml.parsePage(project, new String(body, StandardCharsets.UTF_8), answered);
        return SimpleJson.renderPage(page);
    }

    /** An upstream project list in its stored form. */
    static byte[] projectList(byte[] body, SimpleFormat format) {
        List<String> names = format == SimpleFormat.JSON ? SimpleJson.parseList(body)
                : SimpleHtml.parseList(new String(body, StandardCharsets.UTF_8));
        return SimpleJson.renderList(names);
    }

    /** A stored project page. */
    static ProjectPage page(String project, byte[] stored) {
        return SimpleJson.parsePage(project, stored, null);
    }

    /** A stored project list. */
    static List<String> list(byte[] stored) {
        return SimpleJson.parseList(stored);
    }
}
