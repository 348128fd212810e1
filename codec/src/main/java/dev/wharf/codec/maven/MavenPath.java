package dev.wharf.codec.maven;

import dev.wharf.codec.ContentDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A path of a Maven 2 repository ({@code <group/as/dirs>/<artifactId>/<version>/<artifactId>-<version>[-<classifier>].<ext>},
 * {@code .../maven-metadata.xml}), classified the way a cache needs it: a checksum file ({@code .sha1},
 * {@code .sha256}, {@code .sha512}, {@code .md5}) of which file, whether it is (or is a checksum of) a
 * {@code maven-metadata.xml}, and whether it lies in a {@code -SNAPSHOT} version directory.
 *
 * @param path     the whole path within the repository, without a leading {@code /}
 * @param base     the file a checksum file is the checksum of; the path itself for any other file
 * @param checksum the algorithm of a checksum file, or null
 * @param metadata true for {@code maven-metadata.xml} and its checksums
 * @param snapshot true for files in a version directory ending in {@code -SNAPSHOT} (timestamped or not)
 */
public record MavenPath(String path, String base, ContentDigest.Algorithm checksum, boolean metadata, boolean snapshot) {
    /** The name of the metadata file at the artifact, snapshot-version and group levels. */
    public static final String METADATA = "maven-metadata.xml";
    /** The suffix of a snapshot version. */
    public static final String SNAPSHOT = "-SNAPSHOT";

    public MavenPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(base, "base");
    }

    /** Classifies a file path (no trailing {@code /}). */
    public static MavenPath parse(String path) {
        Objects.requireNonNull(path, "path");
        ContentDigest.Algorithm algorithm = checksumAlgorithm(path).orElse(null);
        String base = algorithm == null ? path : path.substring(0, path.length() - algorithm.id().length() - 1);
        String name = fileName(base);
        boolean metadata = name.equals(METADATA);
        String parent = parentName(base);
        boolean snapshot = parent.endsWith(SNAPSHOT);
        return new MavenPath(path, base, algorithm, metadata, snapshot);
    }

    /** The algorithm a checksum file's extension names, if the path is one. */
    public static Optional<ContentDigest.Algorithm> checksumAlgorithm(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (ContentDigest.Algorithm a : ContentDigest.Algorithm.values()) {
            String suffix = "." + a.id();
            if (lower.endsWith(suffix) && lower.length() > suffix.length() && lower.charAt(lower.length() - suffix.length() - 1) != '/') {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The path of the checksum file of {@code file} for {@code algorithm}: {@code <file>.sha1}, ... */
    public static String checksumPath(String file, ContentDigest.Algorithm algorithm) {
        return file + "." + algorithm.id();
    }

    /** True for a checksum file. */
    public boolean isChecksum() {
        return checksum != null;
    }

    /**
     * True for what changes upstream and is revalidated: {@code maven-metadata.xml} and every file of a
     * {@code -SNAPSHOT} version, with their checksums. Release files never change.
     */
    public boolean isMutable() {
        return metadata || snapshot;
    }

    /** The directory holding the file, with a trailing {@code /}; "" at the root. */
    public String directory() {
        int slash = base.lastIndexOf('/');
        return slash < 0 ? "" : base.substring(0, slash + 1);
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String parentName(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        return fileName(path.substring(0, slash));
    }
}
