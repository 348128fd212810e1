package dev.wharf.codec.pypi;

import dev.wharf.codec.http.Accept;
import java.util.List;
import java.util.Optional;

/**
 * The representations of the simple API a server may answer with (PEP 691), and which one a client's
 * {@code Accept} picks: the highest weight wins, ties going to {@code text/html}, then the versioned HTML, then
 * JSON, as PyPI itself does, so that a PEP 503 client sending {@code *}{@code /*} (poetry, older tools) keeps
 * getting HTML; the {@code latest} aliases are answered with the versioned type. A request without
 * {@code Accept} gets {@code text/html} too.
 */
public enum SimpleFormat {
    JSON("application/vnd.pypi.simple.v1+json"),
    HTML("application/vnd.pypi.simple.v1+html"),
    LEGACY_HTML("text/html");

    private static final String LATEST_JSON = "application/vnd.pypi.simple.latest+json";
    private static final String LATEST_HTML = "application/vnd.pypi.simple.latest+html";
    private static final List<String> CANDIDATES = List.of(LEGACY_HTML.mediaType, HTML.mediaType, LATEST_HTML,
            JSON.mediaType, LATEST_JSON);

    private final String mediaType;

    SimpleFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type, without parameters. */
    public String mediaType() {
        return mediaType;
    }

    /** The {@code Content-Type} of a response in this format. */
    public String contentType() {
        return this == JSON ? mediaType : mediaType + "; charset=utf-8";
    }

    /** What to answer a client with {@code accept}; empty when it admits none (a 406). */
    public static Optional<SimpleFormat> negotiate(Accept accept) {
        if (accept.isEmpty()) {
            return Optional.of(LEGACY_HTML);
        }
        List<String> preferred = accept.preferred(CANDIDATES);
        if (preferred.isEmpty()) {
            return Optional.empty();
        }
        String best = preferred.get(0);
        if (best.equals(JSON.mediaType) || best.equals(LATEST_JSON)) {
            return Optional.of(JSON);
        }
        return Optional.of(best.equals(LEGACY_HTML.mediaType) ? LEGACY_HTML : HTML);
    }

    /** The format an upstream answered in, by its {@code Content-Type}: JSON for a JSON type, else HTML. */
    public static SimpleFormat ofResponse(String contentType) {
        String essence = Accept.essence(contentType);
        return essence.endsWith("+json") || essence.equals("application/json") ? JSON : HTML;
    }

    /** The {@code Accept} an index sends upstream: JSON preferred, HTML accepted. */
    public static String upstreamAccept() {
        return JSON.mediaType + ", " + HTML.mediaType + ";q=0.2, " + LEGACY_HTML.mediaType + ";q=0.1";
    }
}
