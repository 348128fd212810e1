package dev.wharf.codec;

import java.util.Optional;

/**
 * One satisfiable byte range of a body, {@code [first, lastInclusive]}, as selected by an HTTP
 * {@code Range} header (RFC 9110 section 14).
 */
public record ByteRange(long first, long lastInclusive) {
    private static final String UNIT = "bytes=";

    public ByteRange {
        if (first < 0 || lastInclusive < first || lastInclusive == Long.MAX_VALUE) {
            throw new IllegalArgumentException("byte range: " + first + "-" + lastInclusive
                    + " (expected: 0 <= first <= last < " + Long.MAX_VALUE + ")");
        }
    }

    /** The number of bytes in the range. */
    public long length() {
        return lastInclusive - first + 1;
    }

    /** The {@code Content-Range} value for this range of a {@code size}-byte body: {@code bytes a-b/size}. */
    public String contentRange(long size) {
        if (lastInclusive >= size) {
            throw new IllegalArgumentException("size: " + size + " (expected: more than the last byte " + lastInclusive + ")");
        }
        return "bytes " + first + "-" + lastInclusive + "/" + size;
    }

    /**
     * Reads a {@code Range} header against a body of {@code size} bytes. Supports one range of the
     * {@code bytes} unit: {@code bytes=a-b} (b is clamped to the body), {@code bytes=a-} and the
     * suffix {@code bytes=-n}.
     *
     * @return empty when the whole body should be served: no header, another unit, several ranges,
     *         a malformed range (RFC 9110 lets a server ignore those), or a suffix range of an empty body
     * @throws UnsatisfiableRangeException when the range is well-formed but starts at or after the end
     *         of the body, or is the empty suffix {@code bytes=-0}
     */
    public static Optional<ByteRange> parse(String rangeHeader, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
        if (rangeHeader == null) {
            return Optional.empty();
        }
        String header = rangeHeader.strip();
        if (!header.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
            return Optional.empty();
        }
        String spec = header.substring(UNIT.length()).strip();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
            return Optional.empty();
        }
        String start = spec.substring(0, dash);
        String end = spec.substring(dash + 1);
        if (start.isEmpty()) {
            return suffix(rangeHeader, end, size);
        }
        if (!isDigits(start) || !(end.isEmpty() || isDigits(end))) {
            return Optional.empty();
        }
        long first = saturatingParse(start);
        long last = end.isEmpty() ? Long.MAX_VALUE : saturatingParse(end);
        if (last < first) {
            return Optional.empty();
        }
        if (first >= size) {
            throw new UnsatisfiableRangeException(rangeHeader, size);
        }
        return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    }

    private static Optional<ByteRange> suffix(String rangeHeader, String digits, long size) {
        if (!isDigits(digits)) {
            return Optional.empty();
        }
        long suffixLength = saturatingParse(digits);
        if (suffixLength == 0) {
            throw new UnsatisfiableRangeException(rangeHeader, size);
        }
        if (size == 0) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(size - Math.min(suffixLength, size), size - 1));
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parses ASCII digits, answering Long.MAX_VALUE for anything larger: a huge position is past any body. */
    private static long saturatingParse(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
