package dev.wharf.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A pure-Python wheel made in the test (PEP 427): one module {@code <module>.py} whose text names the version,
 * its {@code .dist-info} with {@code METADATA}, {@code WHEEL} and a {@code RECORD} of sha256 digests, as
 * {@code pip} installs it.
 *
 * @param project the project name as the wheel spells it ({@code demo_pkg})
 */
public record PythonWheel(String project, String version, String module, byte[] bytes, byte[] metadata) {
    /** A wheel of {@code project} {@code version}, requiring Python 3. */
    public static PythonWheel of(String project, String version) {
        return of(project, version, "a test package");
    }

    /** A wheel of {@code project} {@code version} whose metadata has that {@code summary}: same name, other bytes. */
    public static PythonWheel of(String project, String version, String summary) {
        String module = project.toLowerCase().replace('-', '_');
        String distInfo = project.replace('-', '_') + "-" + version + ".dist-info";
        byte[] metadata = ("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version
                + "\nSummary: " + summary + "\nRequires-Python: >=3\n\n").getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(module + ".py", ("VERSION = \"" + version + "\"\n").getBytes(StandardCharsets.UTF_8));
        files.put(distInfo + "/METADATA", metadata);
        files.put(distInfo + "/WHEEL", "Wheel-Version: 1.0\nGenerator: wharf-e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        files.forEach((name, content) -> record.append(name).append(",sha256=").append(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256(content))).append(',').append(content.length).append('\n'));
        record.append(distInfo).append("/RECORD,,\n");
        files.put(distInfo + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PythonWheel(project, version, module, out.toByteArray(), metadata);
    }

    /** The wheel's file name. */
    public String filename() {
        return project.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    }

    /** The lower-case hex sha256 of the wheel. */
    public String sha256() {
        return hex(sha256(bytes));
    }

    /** The lower-case hex sha256 of its METADATA. */
    public String metadataSha256() {
        return hex(sha256(metadata));
    }

    /** The module's text once installed. */
    public String moduleText() {
        return "VERSION = \"" + version + "\"\n";
    }

    /** Writes the wheel into {@code dir}; returns its path. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(filename()), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] digest) {
        return java.util.HexFormat.of().formatHex(digest);
    }
}
