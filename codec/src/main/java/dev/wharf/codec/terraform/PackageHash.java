package dev.wharf.codec.terraform;

import dev.wharf.codec.Printable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Terraform's package hashes. {@code h1:} is Go's dirhash "Hash1" over the files a package unpacks to: the
 * sha256 of the sorted lines {@code <sha256 hex of the file>  <name>\n}, in base64. {@code zh:} is the
 * sha256 of the zip file itself, in hex, as SHA256SUMS lists it.
 */
public final class PackageHash {
    private PackageHash() {
    }

    /** The {@code h1:} hash of files by name ({@code /}-separated, as in the zip) and their sha256. */
    public static String h1(Map<String, byte[]> fileSha256s) {
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(fileSha256s).entrySet()) {
            if (file.getKey().indexOf('\n') >= 0) {
                throw new TerraformNameException("file name " + Printable.of(file.getKey()) + " has a newline");
            }
            summary.append(HexFormat.of().formatHex(file.getValue())).append("  ").append(file.getKey()).append('\n');
        }
        return "h1:" + Base64.getEncoder().encodeToString(sha256().digest(summary.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code zh:} hash of a zip whose sha256 is {@code hex}. */
    public static String zh(String hex) {
        return "zh:" + hex;
    }

    /** A new sha256 hasher. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
