package dev.wharf.codec.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Parses the path of a registry API request (query string already removed) into a
 * {@link DockerRequest}. This is where hostile paths arrive first, so the whole path is checked
 * before any part of it is read:
 *
 * <ul>
 *   <li>at most 2048 characters, printable ASCII only: no control characters, spaces or non-ASCII;</li>
 *   <li>no {@code %} (a percent-encoded byte could hide a slash or a dot segment) and no {@code \};</li>
 *   <li>no empty, {@code .} or {@code ..} components; a trailing slash only on {@code /v2/} and
 *       {@code /v2/<name>/blobs/uploads/}.</li>
 * </ul>
 *
 * <p>Names may contain {@code manifests}, {@code blobs} and the other resource words as components,
 * so the path is read from the right. How a bad path is answered:
 *
 * <ul>
 *   <li>a failed check above or a bad name: {@code NAME_INVALID} (400);</li>
 *   <li>a bad digest (in a blob or referrers path, or a manifest reference containing {@code :}):
 *       {@code DIGEST_INVALID} (400);</li>
 *   <li>a manifest reference that is neither a digest nor a valid tag: {@code MANIFEST_UNKNOWN} (404),
 *       since no manifest can carry that tag; distribution answers such paths with 404 as well;</li>
 *   <li>a bad upload id: {@code BLOB_UPLOAD_UNKNOWN} (404), since no upload can have it;</li>
 *   <li>a path of no API resource: {@code NOT_FOUND} (404).</li>
 * </ul>
 */
public final class DockerPath {
    /** The longest path accepted. */
    public static final int MAX_LENGTH = 2048;

    private static final String PREFIX = "/v2/";

    private DockerPath() {
    }

    /**
     * Parses a path beginning with {@code /v2}.
     *
     * @throws DockerPathException carrying the registry error to answer with
     */
    public static DockerRequest parse(String rawPath) {
        Objects.requireNonNull(rawPath, "path");
        checkCharacters(rawPath);
        if (rawPath.equals("/v2") || rawPath.equals(PREFIX)) {
            return new DockerRequest.Ping();
        }
        if (!rawPath.startsWith(PREFIX)) {
            throw new DockerPathException(ErrorCode.NOT_FOUND,
                    "path: " + Printable.of(rawPath) + " (expected: /v2/...)");
        }
        boolean trailingSlash = rawPath.endsWith("/");
        String rest = rawPath.substring(PREFIX.length(), rawPath.length() - (trailingSlash ? 1 : 0));
        String[] parts = rest.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new DockerPathException(ErrorCode.NAME_INVALID,
                        "path: " + Printable.of(rawPath) + " (expected: no empty, '.' or '..' components)");
            }
        }
        DockerRequest request = route(parts, rawPath);
        if (trailingSlash && !(request instanceof DockerRequest.UploadStart)) {
            throw notFound(rawPath);
        }
        return request;
    }

    private static void checkCharacters(String rawPath) {
        if (rawPath.length() > MAX_LENGTH) {
            throw new DockerPathException(ErrorCode.NAME_INVALID,
                    "path: " + rawPath.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == '\\') {
                throw new DockerPathException(ErrorCode.NAME_INVALID, "path: " + Printable.of(rawPath)
                        + " (expected: printable ASCII without spaces, '%' or '\\')");
            }
        }
    }

    private static DockerRequest route(String[] parts, String rawPath) {
        int n = parts.length;
        if (n == 1 && parts[0].equals("_catalog")) {
            return new DockerRequest.Catalog();
        }
        if (n >= 3 && parts[n - 2].equals("blobs") && parts[n - 1].equals("uploads")) {
            return new DockerRequest.UploadStart(name(parts, n - 2));
        }
        if (n >= 4 && parts[n - 3].equals("blobs") && parts[n - 2].equals("uploads")) {
            ImageName name = name(parts, n - 3);
            try {
                return new DockerRequest.Upload(name, parts[n - 1]);
            } catch (IllegalArgumentException e) {
                throw new DockerPathException(ErrorCode.BLOB_UPLOAD_UNKNOWN, e.getMessage());
            }
        }
        if (n >= 3) {
            String last = parts[n - 1];
            switch (parts[n - 2]) {
                case "manifests":
                    return new DockerRequest.Manifest(name(parts, n - 2), reference(last));
                case "blobs":
                    return new DockerRequest.Blob(name(parts, n - 2), digest(last));
                case "referrers":
                    return new DockerRequest.Referrers(name(parts, n - 2), digest(last));
                case "tags":
                    if (last.equals("list")) {
                        return new DockerRequest.TagList(name(parts, n - 2));
                    }
                    break;
                default:
                    break;
            }
        }
        throw notFound(rawPath);
    }

    private static ImageName name(String[] parts, int end) {
        String name = String.join("/", Arrays.asList(parts).subList(0, end));
        try {
            return new ImageName(name);
        } catch (IllegalArgumentException e) {
            throw new DockerPathException(ErrorCode.NAME_INVALID, e.getMessage());
        }
    }

    private static Reference reference(String text) {
        if (text.indexOf(':') >= 0) {
            return new Reference.DigestRef(digest(text));
        }
        try {
            return new Reference.Tag(text);
        } catch (IllegalArgumentException e) {
            throw new DockerPathException(ErrorCode.MANIFEST_UNKNOWN,
                    "reference: " + Printable.of(text) + " (expected: a tag [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
                            + " or a digest sha256:<64 hex>)");
        }
    }

    private static Digest digest(String text) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DockerPathException(ErrorCode.DIGEST_INVALID, e.getMessage());
        }
    }

    private static DockerPathException notFound(String rawPath) {
        return new DockerPathException(ErrorCode.NOT_FOUND, "path: " + Printable.of(rawPath)
                + " (expected: /v2/<name>/ then manifests/<reference>, blobs/<digest>, blobs/uploads/,"
                + " blobs/uploads/<id>, tags/list or referrers/<digest>)");
    }
}
