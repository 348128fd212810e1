package dev.wharf.codec;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest in the OCI form {@code sha256:<64 lowercase hex>}; the only algorithm Wharf stores.
 * Validated on construction: an instance is always well-formed.
 */
public record Digest(String hex) {
    /** The algorithm prefix every Wharf digest carries. */
    public static final String ALGORITHM = "sha256";
    private static final int HEX_LENGTH = 64;

    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != HEX_LENGTH || !isLowerHex(hex)) {
            throw new IllegalArgumentException("digest hex: " + abbreviate(hex) + " (expected: 64 lowercase hex characters)");
        }
    }

    /** Parses {@code sha256:<64 lowercase hex>}; throws {@link IllegalArgumentException} saying what was expected. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon < 0 || !text.regionMatches(0, ALGORITHM, 0, colon) || colon != ALGORITHM.length()) {
            throw new IllegalArgumentException("digest: " + abbreviate(text) + " (expected: sha256:<64 hex>)");
        }
        String hex = text.substring(colon + 1);
        if (hex.length() != HEX_LENGTH || !isLowerHex(hex)) {
            throw new IllegalArgumentException("digest: " + abbreviate(text) + " (expected: sha256:<64 hex>)");
        }
        return new Digest(hex);
    }

    /** True when {@code text} is a well-formed sha256 digest. */
    public static boolean isValid(String text) {
        return text != null && text.length() == ALGORITHM.length() + 1 + HEX_LENGTH
                && text.startsWith(ALGORITHM + ":") && isLowerHex(text.substring(ALGORITHM.length() + 1));
    }

    /** Wraps a raw 32-byte sha256 value. */
    public static Digest ofBytes(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256 length: " + sha256.length + " (expected: 32)");
        }
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
