package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers that name content the way registries do: {@code sha256:<64 hex>}. */
public final class Sha256 {
    /** The prefix of every digest string these helpers produce. */
    public static final String PREFIX = "sha256:";

    private Sha256() {
    }

    /** A fresh SHA-256 message digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    /** {@code sha256:<hex>} of a finished digest. */
    public static String digestString(MessageDigest finished) {
        return PREFIX + HexFormat.of().formatHex(finished.digest());
    }

    /** {@code sha256:<hex>} of {@code bytes}. */
    public static String of(byte[] bytes) {
        MessageDigest md = newDigest();
        md.update(bytes);
        return digestString(md);
    }

    /** {@code sha256:<hex>} of a file, read in a streaming way. */
    public static String ofFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ofStream(in);
        }
    }

    /** {@code sha256:<hex>} of everything left in {@code in}; does not close it. */
    public static String ofStream(InputStream in) throws IOException {
        MessageDigest md = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            md.update(buffer, 0, n);
        }
        return digestString(md);
    }

    /** The 64 hex characters of a {@code sha256:<hex>} digest string. */
    public static String hex(String digest) {
        if (!digest.startsWith(PREFIX) || digest.length() != PREFIX.length() + 64) {
            throw new IllegalArgumentException("digest: " + digest + " (expected: sha256:<64 hex>)");
        }
        return digest.substring(PREFIX.length());
    }
}
