package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The form of a path in PostgreSQL's {@code cached_entry} key ({@code path_key}), short enough that an
 * index entry stays under PostgreSQL's btree limit (2,704 bytes, a third of a page) whatever the path: a
 * path of at most {@value #KEPT} code points is its own key, a longer one is keyed by its first
 * {@value #KEPT} code points, {@code '#'} and the hex sha256 of its UTF-8 bytes. With the repository key
 * (at most 64 code points) and the variant (at most 255 {@code char}s), an entry takes at most about
 * 2,100 bytes. The two forms never meet, as a short key has at most {@value #KEPT} code points and a long
 * one {@value #KEPT} + 65. The row keeps the whole path and every lookup compares it too, so not even a
 * hash collision could answer with another path's entry.
 *
 * <p>Keys begin with the path's first code points, so the keys of the paths under a prefix are one range
 * of the index in code point order (collation {@code "C"}), from {@link #lowerBound} to {@link #upperBound}.
 */
final class PathKey {
    /** How many code points of a path its key keeps. */
    static final int KEPT = 256;

    private PathKey() {
    }

    /** The key of {@code path}, which holds no unpaired surrogate ({@link CachedEntry#isStorable}). */
    static String of(String path) {
        if (path.length() <= KEPT || path.codePointCount(0, path.length()) <= KEPT) {
            return path;
        }
        String kept = path.substring(0, path.offsetByCodePoints(0, KEPT));
        return kept + '#' + Digest.sha256Of(path.getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** The least key of any path that starts with {@code prefix}: the part of the prefix every such key keeps. */
    static String lowerBound(String prefix) {
        if (prefix.length() <= KEPT || prefix.codePointCount(0, prefix.length()) <= KEPT) {
            return prefix;
        }
        return prefix.substring(0, prefix.offsetByCodePoints(0, KEPT));
    }

    /**
     * Where the range of the keys under {@code prefix} ends (exclusive), in code point order: the
     * {@link #lowerBound} with its last code point below U+10FFFF grown by one (past the surrogates, no
     * code points of text) and whatever follows it cut off. Empty when there is no end: for {@code ""},
     * or a bound made only of U+10FFFF.
     */
    static Optional<String> upperBound(String prefix) {
        int[] codePoints = lowerBound(prefix).codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            if (codePoints[i] < Character.MAX_CODE_POINT) {
                int next = codePoints[i] + 1;
                codePoints[i] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
                return Optional.of(new String(codePoints, 0, i + 1));
            }
        }
        return Optional.empty();
    }
}
