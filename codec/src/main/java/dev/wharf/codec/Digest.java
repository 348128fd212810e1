package dev.wharf.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest in the OCI form {@code sha256:<64 lowercase hex>}; the only algorithm Wharf stores.
 * Validated on construction: an instance is always well-formed.
 */
public record Digest(String hex) {
    /** The algorithm prefix every Wharf digest carries. */
    public static final String ALGORITHM = "sha256";
    private static final String PREFIX = ALGORITHM + ":";
    private static final int HEX_LENGTH = 64;

    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != HEX_LENGTH || !isLowerHex(hex)) {
            throw new IllegalArgumentException("digest hex: " + Printable.of(hex) + " (expected: 64 lowercase hex characters)");
        }
    }

    /** Parses {@code sha256:<64 lowercase hex>}; throws {@link IllegalArgumentException} saying what was expected. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        if (!isValid(text)) {
            throw new IllegalArgumentException("digest: " + Printable.of(text) + " (expected: sha256:<64 hex>)");
        }
        return new Digest(text.substring(PREFIX.length()));
    }

    /** True when {@code text} is a well-formed sha256 digest. */
    public static boolean isValid(String text) {
        return text != null && text.length() == PREFIX.length() + HEX_LENGTH
                && text.startsWith(PREFIX) && isLowerHex(text.substring(PREFIX.length()));
    }

    /** Wraps a raw 32-byte sha256 value. */
    public static Digest ofBytes(byte[] sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256 length: " + sha256.length + " (expected: 32)");
        }
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** The digest of {@code bytes}, hashed whole; for content already in memory (streams hash as they go). */
    public static Digest sha256Of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return ofBytes(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + hex;
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
}
