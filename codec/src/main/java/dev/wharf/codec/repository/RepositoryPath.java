package dev.wharf.codec.repository;

import dev.wharf.codec.Printable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request path under {@code /repository/}: the repository key (the first segment) and the path within
 * the repository, percent-decoded segment by segment and checked so that it cannot reach outside its
 * repository: no {@code .} or {@code ..} segment, no empty segment, no {@code /} or {@code \} inside a
 * decoded segment, no control character, valid UTF-8, at most {@value #MAX_LENGTH} characters.
 *
 * @param key       the first segment, as sent (repository keys need no decoding)
 * @param segments  the decoded segments after the key; empty for the repository's root
 * @param directory true when the path ends with {@code /} (a listing is asked for)
 * @param raw       the path after {@code /repository/<key>/}, still percent-encoded, for formats whose names
 *                  encode a slash ({@code @scope%2fname})
 */
public record RepositoryPath(String key, List<String> segments, boolean directory, String raw) {
    /** The URL space every format but Docker is served under. */
    public static final String PREFIX = "/repository/";
    /** The longest path accepted within a repository, the length a metadata row holds. */
    public static final int MAX_LENGTH = 4096;

    public RepositoryPath {
        Objects.requireNonNull(key, "key");
        segments = List.copyOf(segments);
        Objects.requireNonNull(raw, "raw");
    }

    /** The decoded path within the repository, segments joined by {@code /}, with the trailing {@code /} of a directory. */
    public String path() {
        String joined = String.join("/", segments);
        return directory && !segments.isEmpty() ? joined + "/" : joined;
    }

    /** The last segment (a file name), or "" for the root. */
    public String fileName() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    /**
     * Parses a raw request path ({@code /repository/<key>/<path>}, percent-encoded, without query).
     *
     * @throws RepositoryPathException saying what is wrong, for a 400 (or a 404 for no key)
     */
    public static RepositoryPath parse(String rawPath) {
        if (!rawPath.startsWith(PREFIX)) {
            throw new RepositoryPathException("not a repository path: " + Printable.of(rawPath));
        }
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String key = slash < 0 ? rest : rest.substring(0, slash);
        if (key.isEmpty()) {
            throw new RepositoryPathException("no repository key in " + Printable.of(rawPath) + " (expected /repository/<key>/...)");
        }
        String within = slash < 0 ? "" : rest.substring(slash + 1);
        if (within.length() > MAX_LENGTH) {
            throw new RepositoryPathException("path longer than " + MAX_LENGTH + " characters");
        }
        boolean directory = within.isEmpty() || within.endsWith("/");
        List<String> segments = new ArrayList<>();
        if (!within.isEmpty()) {
            String body = directory ? within.substring(0, within.length() - 1) : within;
            for (String part : body.split("/", -1)) {
                segments.add(segment(part, rawPath));
            }
        }
        return new RepositoryPath(key, segments, directory, within);
    }

    private static String segment(String raw, String whole) {
        if (raw.isEmpty()) {
            throw new RepositoryPathException("empty path segment in " + Printable.of(whole));
        }
        String decoded = decode(raw, whole);
        if (decoded.equals(".") || decoded.equals("..")) {
            throw new RepositoryPathException("'" + decoded + "' segments are not allowed: " + Printable.of(whole));
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new RepositoryPathException("control character in path " + Printable.of(whole));
            }
            if (c == '/' || c == '\\') {
                throw new RepositoryPathException("encoded '" + c + "' in a path segment: " + Printable.of(whole));
            }
        }
        return decoded;
    }

    private static String decode(String raw, String whole) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 3 > raw.length()) {
                    throw new RepositoryPathException("truncated percent-escape in " + Printable.of(whole));
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new RepositoryPathException("bad percent-escape in " + Printable.of(whole));
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                throw new RepositoryPathException("non-ASCII character in a raw path: " + Printable.of(whole));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new RepositoryPathException("percent-escapes that are not UTF-8 in " + Printable.of(whole));
        }
    }
}
