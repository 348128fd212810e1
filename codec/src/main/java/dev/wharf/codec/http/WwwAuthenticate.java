package dev.wharf.codec.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a {@code WWW-Authenticate} header value into its challenges (RFC 7235 section 4.1): several
 * challenges per value, parameters with token or quoted-string values (backslash escapes, commas inside
 * quotes as in {@code scope="repository:a:pull,push"}), or a token68 in place of parameters.
 *
 * <p>Hostile input is data: parsing stops at the first malformed challenge and returns the challenges
 * before it. The only exception thrown is {@link IllegalArgumentException}, for a value longer than
 * {@value #MAX_LENGTH} characters.
 */
public final class WwwAuthenticate {
    /** The longest header value accepted, in characters. */
    public static final int MAX_LENGTH = 8 * 1024;

    private final String s;
    private int pos;

    private WwwAuthenticate(String s) {
        this.s = s;
    }

    /** Parses one header value; returns the well-formed challenges that precede any malformed one. */
    public static List<AuthChallenge> parse(String headerValue) {
        if (headerValue == null) {
            throw new IllegalArgumentException("www-authenticate: null (expected: a header value)");
        }
        if (headerValue.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("www-authenticate: " + headerValue.length()
                    + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        return new WwwAuthenticate(headerValue).challenges();
    }

    private List<AuthChallenge> challenges() {
        List<AuthChallenge> out = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (atEnd()) {
                return out;
            }
            AuthChallenge challenge = challenge();
            if (challenge == null) {
                return out;
            }
            out.add(challenge);
        }
    }

    /** Parses one challenge starting at a scheme; null when malformed. */
    private AuthChallenge challenge() {
        String scheme = token();
        if (scheme.isEmpty()) {
            return null;
        }
        int afterScheme = pos;
        skipWhitespace();
        if (atEnd() || peek() == ',') {
            return new AuthChallenge(scheme, Map.of());
        }
        if (pos == afterScheme) {
            return null;
        }
        String token68 = token68();
        if (token68 != null) {
            return new AuthChallenge(scheme, Map.of(AuthChallenge.TOKEN68, token68));
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            String name = token().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return null;
            }
            skipWhitespace();
            if (atEnd() || peek() != '=') {
                return null;
            }
            pos++;
            skipWhitespace();
            String value;
            if (!atEnd() && peek() == '"') {
                value = quotedString();
                if (value == null) {
                    return null;
                }
            } else {
                value = token();
                if (value.isEmpty()) {
                    return null;
                }
            }
            if (params.putIfAbsent(name, value) != null) {
                return null;
            }
            skipWhitespace();
            if (atEnd()) {
                return new AuthChallenge(scheme, params);
            }
            if (peek() != ',') {
                return null;
            }
            skipSeparators();
            if (atEnd() || !nextIsParam()) {
                return new AuthChallenge(scheme, params);
            }
        }
    }

    /**
     * Reads a token68 when one stands here, that is token68 characters, optional {@code '='} padding,
     * then only whitespace up to a comma or the end; otherwise leaves the position unchanged and
     * returns null (the text is parameters).
     */
    private String token68() {
        int start = pos;
        int i = pos;
        while (i < s.length() && HttpTokens.isToken68Char(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            return null;
        }
        while (i < s.length() && s.charAt(i) == '=') {
            i++;
        }
        int end = i;
        while (i < s.length() && HttpTokens.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) != ',') {
            return null;
        }
        pos = i;
        return s.substring(start, end);
    }

    /** Looks ahead: does a parameter ({@code token BWS "="}) start here rather than a new challenge? */
    private boolean nextIsParam() {
        int i = pos;
        while (i < s.length() && HttpTokens.isTchar(s.charAt(i))) {
            i++;
        }
        if (i == pos) {
            return false;
        }
        while (i < s.length() && HttpTokens.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '=';
    }

    private String token() {
        int start = pos;
        while (pos < s.length() && HttpTokens.isTchar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    /** Reads a quoted-string at a {@code '"'}, unescaping quoted-pairs; null when unterminated or invalid. */
    private String quotedString() {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (pos >= s.length() || !HttpTokens.isQuotable(s.charAt(pos))) {
                    return null;
                }
                value.append(s.charAt(pos++));
            } else if (HttpTokens.isQdtext(c)) {
                value.append(c);
            } else {
                return null;
            }
        }
        return null;
    }

    /** Skips whitespace and commas: empty list elements are allowed between challenges. */
    private void skipSeparators() {
        while (pos < s.length() && (s.charAt(pos) == ',' || HttpTokens.isWhitespace(s.charAt(pos)))) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (pos < s.length() && HttpTokens.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= s.length();
    }

    private char peek() {
        return s.charAt(pos);
    }
}
