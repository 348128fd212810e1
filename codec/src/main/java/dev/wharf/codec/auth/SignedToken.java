package dev.wharf.codec.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short-lived token of the Docker token flow: a compact JWT signed with HMAC-SHA256 ({@code HS256}), whose claims
 * are {@code sub} (the token's name, or {@code anonymous}), {@code tid} (the API token it was issued for; absent for
 * an anonymous one), {@code iat} and {@code exp} (seconds since the epoch). Docker clients treat it as opaque; only
 * Wharf reads it back, with the same key. Pure functions over the key and the claims.
 */
public record SignedToken(String subject, Optional<String> tokenId, Instant issuedAt, Instant expiresAt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The compact serialisation, {@code header.claims.signature}, signed with {@code key}. */
    public String sign(byte[] key) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", subject);
        tokenId.ifPresent(id -> claims.put("tid", id));
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        String payload;
        try {
            payload = ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String signed = HEADER + "." + payload;
        return signed + "." + ENCODER.encodeToString(hmac(key, signed));
    }

    /** True when {@code text} has the shape of a compact JWT (three Base64url parts), whatever its signature. */
    public static boolean looksSigned(String text) {
        int first = text.indexOf('.');
        int last = text.lastIndexOf('.');
        return first > 0 && last > first + 1 && last < text.length() - 1 && text.indexOf('.', first + 1) == last;
    }

    /**
     * The token {@code text} carries when its signature checks out with {@code key} and it has not expired at
     * {@code now}; empty otherwise (a forged, altered, expired or malformed token).
     */
    public static Optional<SignedToken> verify(String text, byte[] key, Instant now) {
        if (!looksSigned(text)) {
            return Optional.empty();
        }
        int last = text.lastIndexOf('.');
        String signed = text.substring(0, last);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(text.substring(last + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!signed.startsWith(HEADER + ".") || !MessageDigest.isEqual(signature, hmac(key, signed))) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(signed.substring(HEADER.length() + 1)));
            Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
            if (!expires.isAfter(now) || !claims.path("sub").isTextual()) {
                return Optional.empty();
            }
            Optional<String> id = claims.path("tid").isTextual() ? Optional.of(claims.get("tid").asText()) : Optional.empty();
            return Optional.of(new SignedToken(claims.get("sub").asText(), id, Instant.ofEpochSecond(claims.path("iat").asLong()),
                    expires));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
