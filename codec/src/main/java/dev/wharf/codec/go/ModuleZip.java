package dev.wharf.codec.go;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Checks a module zip the way the go command does before it trusts one: every file under
 * {@code <module>@<version>/}, no {@code .} or {@code ..} element, no two names equal but for case, at most
 * {@value #MAX_UNCOMPRESSED} bytes unpacked, a root {@code go.mod} of at most {@link GoModFile#MAX_BYTES} that
 * declares the module's own path. Reads the stream to its end; blocking.
 */
public final class ModuleZip {
    /** The most a module zip may unpack to. */
    public static final long MAX_UNCOMPRESSED = 500L << 20;

    private ModuleZip() {
    }

    /**
     * Checks the zip and returns its root go.mod, if it has one.
     *
     * @throws IllegalArgumentException saying what is wrong with the zip
     * @throws IOException when reading the stream fails
     */
    public static Optional<byte[]> check(InputStream zip, String module, SemVer version) throws IOException {
        String prefix = module + "@" + version + "/";
        Set<String> folded = new HashSet<>();
        long total = 0;
        byte[] goMod = null;
        int files = 0;
        try (ZipInputStream in = new ZipInputStream(zip)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                if (!name.startsWith(prefix)) {
                    throw new IllegalArgumentException("zip file " + name + " is not under " + prefix);
                }
                String within = name.substring(prefix.length());
                if (entry.isDirectory()) {
                    continue;
                }
                checkName(within, name);
                if (!folded.add(within.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("zip has two files named " + name + " but for case");
                }
                boolean isGoMod = within.equals("go.mod");
                ByteArrayOutputStream kept = isGoMod ? new ByteArrayOutputStream() : null;
                byte[] buffer = new byte[64 << 10];
                long size = 0;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    size += n;
                    total += n;
                    if (total > MAX_UNCOMPRESSED) {
                        throw new IllegalArgumentException("zip unpacks to more than " + MAX_UNCOMPRESSED + " bytes");
                    }
                    if (kept != null) {
                        if (size > GoModFile.MAX_BYTES) {
                            throw new IllegalArgumentException("go.mod is larger than " + GoModFile.MAX_BYTES + " bytes");
                        }
                        kept.write(buffer, 0, n);
                    }
                }
                if (kept != null) {
                    goMod = kept.toByteArray();
                }
                files++;
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("not a valid zip: " + e.getMessage());
        }
        if (files == 0) {
            throw new IllegalArgumentException("zip holds no file under " + prefix);
        }
        if (goMod != null) {
            String declared = GoModFile.modulePath(new String(goMod, StandardCharsets.UTF_8)).orElse(null);
            if (!module.equals(declared)) {
                throw new IllegalArgumentException("go.mod declares module " + (declared == null ? "nothing" : declared)
                        + ", not " + module);
            }
        }
        return Optional.ofNullable(goMod);
    }

    private static void checkName(String within, String name) {
        if (within.isEmpty() || within.contains("\\") || within.startsWith("/")) {
            throw new IllegalArgumentException("bad file name in zip: " + name);
        }
        for (String element : within.split("/", -1)) {
            if (element.isEmpty() || element.equals(".") || element.equals("..")) {
                throw new IllegalArgumentException("bad file name in zip: " + name);
            }
        }
    }
}
