package dev.wharf.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A static Terraform provider registry written as files, for a plain file server to serve: the discovery document,
 * a provider's versions, the download description of one package, the package, SHA256SUMS and its signature by
 * {@code key}. Also builds the package zips (one small executable) and their hashes, independently of Wharf.
 */
public final class ProviderRegistryTree {
    private ProviderRegistryTree() {
    }

    /** A provider package: its file name, bytes, sha256 in hex and {@code h1:} hash. */
    public record Package(String fileName, byte[] zip, String sha256, String h1) {
    }

    /**
     * The zip of provider {@code type} {@code version} for {@code platform} ({@code linux_amd64}): one file,
     * {@code terraform-provider-<type>_v<version>}, a shell script.
     */
    public static Package build(String type, String version, String platform) {
        String executable = "terraform-provider-" + type + "_v" + version;
        byte[] content = ("#!/bin/sh\necho 'the " + type + " provider " + version + " of a Wharf test'\nexit 1\n")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(executable));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] zip = bytes.toByteArray();
        // Go's dirhash Hash1: sha256 over the sorted "<sha256 hex>  <name>\n" lines of the files.
        String summary = hex(sha256(content)) + "  " + executable + "\n";
        String h1 = "h1:" + Base64.getEncoder().encodeToString(sha256(summary.getBytes(StandardCharsets.UTF_8)));
        return new Package("terraform-provider-" + type + "_" + version + "_" + platform + ".zip", zip, hex(sha256(zip)), h1);
    }

    /**
     * Writes the registry of provider {@code namespace}/{@code type} with one version and one package under
     * {@code root}; {@code sums} is the SHA256SUMS text to publish (normally {@link #sums}).
     */
    public static void write(Path root, String namespace, String type, String version, String platform, Package pkg,
                             OpenPgpKey key, String sums) {
        String os = platform.substring(0, platform.indexOf('_'));
        String arch = platform.substring(platform.indexOf('_') + 1);
        String files = "files/" + namespace + "/" + type + "/" + version + "/";
        String provider = "v1/providers/" + namespace + "/" + type + "/";
        byte[] sumsBytes = sums.getBytes(StandardCharsets.UTF_8);
        put(root, ".well-known/terraform.json", "{\"providers.v1\": \"/v1/providers/\"}".getBytes(StandardCharsets.UTF_8));
        put(root, provider + "versions", ("{\"versions\": [{\"version\": \"" + version + "\", \"protocols\": [\"5.0\"], "
                + "\"platforms\": [{\"os\": \"" + os + "\", \"arch\": \"" + arch + "\"}]}]}").getBytes(StandardCharsets.UTF_8));
        put(root, provider + version + "/download/" + os + "/" + arch, ("{\"protocols\": [\"5.0\"], \"os\": \"" + os
                + "\", \"arch\": \"" + arch + "\", \"filename\": \"" + pkg.fileName() + "\", \"download_url\": \"/" + files
                + pkg.fileName() + "\", \"shasums_url\": \"/" + files + "SHA256SUMS\", \"shasums_signature_url\": \"/" + files
                + "SHA256SUMS.sig\", \"shasum\": \"" + pkg.sha256() + "\", \"signing_keys\": {\"gpg_public_keys\": [{\"key_id\": \""
                + key.keyId() + "\", \"ascii_armor\": " + jsonString(key.armoredPublic()) + ", \"trust_signature\": \"\", "
                + "\"source\": \"Wharf tests\", \"source_url\": \"https://example.com/keys\"}]}}").getBytes(StandardCharsets.UTF_8));
        put(root, files + pkg.fileName(), pkg.zip());
        put(root, files + "SHA256SUMS", sumsBytes);
        put(root, files + "SHA256SUMS.sig", key.sign(sumsBytes));
    }

    /** The SHA256SUMS text of one package. */
    public static String sums(Package pkg) {
        return pkg.sha256() + "  " + pkg.fileName() + "\n";
    }

    private static void put(Path root, String path, byte[] bytes) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "\\n") + "\"";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
