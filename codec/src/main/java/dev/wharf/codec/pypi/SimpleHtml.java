package dev.wharf.codec.pypi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PEP 503 HTML form of the simple API: read leniently (any page whose anchors are files or projects, as
 * indexes and static trees write them) and written in the form PEP 503, 592, 658 and 714 give. Reading keeps
 * each anchor's {@code #<hash>=<hex>} fragment as its hashes, {@code data-requires-python},
 * {@code data-yanked}, {@code data-core-metadata} (or the older {@code data-dist-info-metadata}); hrefs are
 * resolved against the page's URL.
 */
public final class SimpleHtml {
    /** At most this many anchors are read from one page. */
    static final int MAX_ANCHORS = 1_000_000;

    private SimpleHtml() {
    }

    /** One {@code <a>}: its attributes (names lower case, values decoded) and its text (decoded, stripped). */
    record Anchor(Map<String, String> attributes, String text) {
    }

    /** The files of a project page served at {@code base}. */
    public static ProjectPage parsePage(String name, String html, URI base) {
        List<DistFile> files = new ArrayList<>();
        for (Anchor anchor : anchors(html)) {
            String href = anchor.attributes().get("href");
            if (href == null || anchor.text().isEmpty()) {
                continue;
            }
            int hash = href.indexOf('#');
            String url = hash < 0 ? href : href.substring(0, hash);
            Map<String, String> hashes = new TreeMap<>();
            if (hash >= 0) {
                fragmentHash(href.substring(hash + 1), hashes);
            }
            String resolved = resolve(base, url);
            if (resolved == null) {
                continue;
            }
            String metadata = anchor.attributes().getOrDefault("data-core-metadata",
                    anchor.attributes().get("data-dist-info-metadata"));
            files.add(new DistFile(anchor.text(), resolved, hashes, blankToNull(anchor.attributes().get("data-requires-python")),
                    anchor.attributes().get("data-yanked"), metadataHashes(metadata), null, null));
        }
        return ProjectPage.of(name, files);
    }

    /** The project names of a project list page. */
    public static List<String> parseList(String html) {
        List<String> names = new ArrayList<>();
        for (Anchor anchor : anchors(html)) {
            if (ProjectName.isValid(anchor.text())) {
                names.add(anchor.text());
            }
        }
        return names;
    }

    /** A project page; file URLs are written as given, with a {@code #sha256=} fragment when known. */
    public static String renderPage(ProjectPage page) {
        StringBuilder out = new StringBuilder(256 + page.files().size() * 200);
        out.append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n")
                .append("    <title>Links for ").append(escape(page.name())).append("</title>\n  </head>\n  <body>\n")
                .append("    <h1>Links for ").append(escape(page.name())).append("</h1>\n");
        for (DistFile file : page.files()) {
            String href = file.url();
            if (file.sha256() != null) {
                href += "#sha256=" + file.sha256();
            } else if (!file.hashes().isEmpty()) {
                Map.Entry<String, String> first = file.hashes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .findFirst().orElseThrow();
                href += "#" + first.getKey() + "=" + first.getValue();
            }
            out.append("    <a href=\"").append(escape(href)).append('"');
            if (file.requiresPython() != null) {
                out.append(" data-requires-python=\"").append(escape(file.requiresPython())).append('"');
            }
            if (file.coreMetadata() != null) {
                String value = file.coreMetadata().containsKey("sha256") ? "sha256=" + file.coreMetadata().get("sha256")
                        : file.coreMetadata().entrySet().stream().findFirst().map(e -> e.getKey() + "=" + e.getValue())
                        .orElse("true");
                out.append(" data-dist-info-metadata=\"").append(escape(value)).append('"')
                        .append(" data-core-metadata=\"").append(escape(value)).append('"');
            }
            if (file.yanked() != null) {
                out.append(" data-yanked=\"").append(escape(file.yanked())).append('"');
            }
            out.append('>').append(escape(file.filename())).append("</a><br/>\n");
        }
        return out.append("  </body>\n</html>\n").toString();
    }

    /** The project list: one anchor per project, to {@code <normalised name>/} relative to the list. */
    public static String renderList(List<String> names) {
        StringBuilder out = new StringBuilder(128 + names.size() * 64);
        out.append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n")
                .append("    <title>Simple index</title>\n  </head>\n  <body>\n");
        for (String name : names) {
            out.append("    <a href=\"").append(escape(ProjectName.normalize(name))).append("/\">").append(escape(name))
                    .append("</a><br/>\n");
        }
        return out.append("  </body>\n</html>\n").toString();
    }

    /** Every anchor of {@code html}, in order; a tag cut short ends the scan. */
    static List<Anchor> anchors(String html) {
        List<Anchor> anchors = new ArrayList<>();
        String lower = html.toLowerCase(Locale.ROOT);
        int at = 0;
        while (anchors.size() < MAX_ANCHORS) {
            int open = lower.indexOf("<a", at);
            if (open < 0 || open + 2 >= html.length()) {
                break;
            }
            char after = html.charAt(open + 2);
            if (after != '>' && !Character.isWhitespace(after)) {
                at = open + 2;
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            int end = attributes(html, open + 2, attributes);
            if (end < 0) {
                break;
            }
            int close = lower.indexOf("</a", end);
            String text = close < 0 ? html.substring(end) : html.substring(end, close);
            anchors.add(new Anchor(attributes, decode(text.replaceAll("<[^>]*>", "")).strip()));
            at = close < 0 ? html.length() : close + 3;
        }
        return anchors;
    }

    /** Reads attributes from {@code at} to the tag's {@code >}; returns the index after it, or -1 when the tag never ends. */
    private static int attributes(String html, int at, Map<String, String> into) {
        int i = at;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '>') {
                return i + 1;
            }
            if (Character.isWhitespace(c) || c == '/') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < n && !Character.isWhitespace(html.charAt(i)) && "=>/".indexOf(html.charAt(i)) < 0) {
                i++;
            }
            String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < n && Character.isWhitespace(html.charAt(i))) {
                i++;
            }
            String value = "";
            if (i < n && html.charAt(i) == '=') {
                i++;
                while (i < n && Character.isWhitespace(html.charAt(i))) {
                    i++;
                }
                if (i < n && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
                    char quote = html.charAt(i);
                    int endQuote = html.indexOf(quote, i + 1);
                    if (endQuote < 0) {
                        return -1;
                    }
                    value = html.substring(i + 1, endQuote);
                    i = endQuote + 1;
                } else {
                    int valueStart = i;
                    while (i < n && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
                        i++;
                    }
                    value = html.substring(valueStart, i);
                }
            }
            into.putIfAbsent(name, decode(value));
        }
        return -1;
    }

    private static void fragmentHash(String fragment, Map<String, String> hashes) {
        int eq = fragment.indexOf('=');
        if (eq > 0) {
            String value = fragment.substring(eq + 1).toLowerCase(Locale.ROOT);
            if (value.matches("[0-9a-f]{16,256}")) {
                hashes.put(fragment.substring(0, eq).toLowerCase(Locale.ROOT), value);
            }
        }
    }

    /** {@code "true"} or {@code "<hash>=<hex>"} to hashes; null for absent or {@code "false"}. */
    private static Map<String, String> metadataHashes(String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return null;
        }
        Map<String, String> hashes = new TreeMap<>();
        fragmentHash(value, hashes);
        return hashes;
    }

    private static String resolve(URI base, String href) {
        try {
            URI uri = new URI(href.strip());
            return base == null ? uri.toString() : base.resolve(uri).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Decodes the character references HTML writers use: named ones for markup, and numeric ones. */
    static String decode(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int semi = c == '&' ? text.indexOf(';', i) : -1;
            if (semi < 0 || semi - i > 10) {
                out.append(c);
                i++;
                continue;
            }
            String entity = text.substring(i + 1, semi);
            String decoded = entity(entity);
            if (decoded == null) {
                out.append(c);
                i++;
            } else {
                out.append(decoded);
                i = semi + 1;
            }
        }
        return out.toString();
    }

    private static String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            default:
                break;
        }
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** Escapes text for an attribute value or element content. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
