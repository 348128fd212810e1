package dev.wharf.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: 256 random bits from {@link SecureRandom}, written {@code wharf_<43 Base64url characters>}, and
 * the SHA-256 under which a secret is stored and looked up. A plain hash is enough for a secret of this entropy: no
 * guess list reaches it, so a slow password hash would only cost every request.
 */
public final class TokenSecrets {
    /** The prefix that makes a Wharf secret recognisable (to secret scanners, too). */
    public static final String PREFIX = "wharf_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    /** A new secret. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new token id: 80 random bits as 20 lowercase hex digits, for the admin API (not a secret). */
    public static String newId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The SHA-256 of {@code secret}'s UTF-8 bytes, 64 lowercase hex digits. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
