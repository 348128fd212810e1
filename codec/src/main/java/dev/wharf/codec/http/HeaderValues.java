package dev.wharf.codec.http;

/** Checks a value taken from an upstream before Wharf stores it or sends it on in a header. */
public final class HeaderValues {
    private HeaderValues() {
    }

    /**
     * True when {@code value} can be a header field value (RFC 9110 section 5.5): visible ASCII, spaces and
     * tabs, no CR, LF or other control characters, and at most {@code maxLength} characters.
     */
    public static boolean isSafe(String value, int maxLength) {
        if (value == null || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c == '\t' || (c >= 0x20 && c < 0x7f))) {
                return false;
            }
        }
        return true;
    }

    /** {@code value} when {@link #isSafe}, else {@code fallback}: for values that are cosmetic, such as a blob's type. */
    public static String safeOr(String value, int maxLength, String fallback) {
        return isSafe(value, maxLength) ? value : fallback;
    }
}
