package dev.wharf.codec.http;

/** Character classes of the HTTP grammar (RFC 7230 section 3.2.6, RFC 7235 section 2.1). */
final class HttpTokens {
    private HttpTokens() {
    }

    /** True for a {@code tchar}: the characters a token is made of. */
    static boolean isTchar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** True for a character of a token68, without its trailing {@code '='} padding. */
    static boolean isToken68Char(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0;
    }

    /** True for optional whitespace: space or horizontal tab. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** True for a character allowed unescaped in a quoted-string ({@code qdtext}). */
    static boolean isQdtext(char c) {
        return c == '\t' || c == ' ' || c == 0x21 || c >= 0x23 && c <= 0x5B || c >= 0x5D && c <= 0x7E || c >= 0x80 && c <= 0xFF;
    }

    /** True for a character that may follow a backslash in a quoted-string ({@code quoted-pair}). */
    static boolean isQuotable(char c) {
        return c == '\t' || c >= 0x20 && c <= 0x7E || c >= 0x80 && c <= 0xFF;
    }

    /** True when {@code s} is a non-empty token. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Shortens {@code s} for an error message. */
    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
