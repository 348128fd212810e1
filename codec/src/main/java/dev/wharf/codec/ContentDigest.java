package dev.wharf.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A digest a protocol gives for some content, to verify it against: the OCI digest (sha256), a PyPI
 * {@code #sha256=} fragment, an npm {@code integrity} (sha512) or {@code shasum} (sha1), a Maven checksum
 * file (sha1, sha256, sha512, md5). Always well-formed: the value is lowercase hex of the algorithm's length.
 */
public record ContentDigest(Algorithm algorithm, String hex) {
    /** The digest algorithms protocols give. */
    public enum Algorithm {
        SHA256("sha256", "SHA-256", 32),
        SHA512("sha512", "SHA-512", 64),
        SHA1("sha1", "SHA-1", 20),
        MD5("md5", "MD5", 16);

        private final String id;
        private final String javaName;
        private final int bytes;

        Algorithm(String id, String javaName, int bytes) {
            this.id = id;
            this.javaName = javaName;
            this.bytes = bytes;
        }

        /** The lower-case name used in {@code <id>:<hex>}. */
        public String id() {
            return id;
        }

        /** A new hasher for this algorithm. */
        public MessageDigest newHasher() {
            try {
                return MessageDigest.getInstance(javaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform provides " + javaName, e);
            }
        }

        /** The algorithm named {@code id} ({@code sha256}, {@code sha512}, {@code sha1}, {@code md5}), case-insensitive. */
        public static Algorithm of(String id) {
            for (Algorithm a : values()) {
                if (a.id.equalsIgnoreCase(id)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("digest algorithm: " + Printable.of(id) + " (expected: sha256, sha512, sha1 or md5)");
        }
    }

    public ContentDigest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.bytes * 2 || !isHex(hex)) {
            throw new IllegalArgumentException(algorithm.id + " digest: " + Printable.of(hex)
                    + " (expected: " + algorithm.bytes * 2 + " hex characters)");
        }
    }

    /** The sha256 content digest of an OCI digest. */
    public static ContentDigest of(Digest digest) {
        return new ContentDigest(Algorithm.SHA256, digest.hex());
    }

    /** Parses {@code <algorithm>:<hex>}, e.g. {@code sha512:9f86...}. */
    public static ContentDigest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("digest: " + Printable.of(text) + " (expected: <algorithm>:<hex>)");
        }
        return new ContentDigest(Algorithm.of(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** A digest given as base64 (as in npm's and Subresource Integrity's {@code sha512-<base64>}). */
    public static ContentDigest ofBase64(Algorithm algorithm, String base64) {
        try {
            return ofBytes(algorithm, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(algorithm.id + " digest: " + Printable.of(base64) + " (expected: base64)", e);
        }
    }

    /** Wraps a raw digest value. */
    public static ContentDigest ofBytes(Algorithm algorithm, byte[] value) {
        return new ContentDigest(algorithm, HexFormat.of().formatHex(value));
    }

    /** The OCI digest, for a sha256 digest. */
    public Digest toDigest() {
        if (algorithm != Algorithm.SHA256) {
            throw new IllegalStateException("not a sha256 digest: " + this);
        }
        return new Digest(hex);
    }

    @Override
    public String toString() {
        return algorithm.id + ":" + hex;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
