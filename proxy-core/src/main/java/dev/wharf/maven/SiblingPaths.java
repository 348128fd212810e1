package dev.wharf.maven;

import dev.wharf.codec.repository.RepositoryPath;

/** The paths of a file's checksum files and back, in the same repository. */
final class SiblingPaths {
    private SiblingPaths() {
    }

    /** {@code path} with {@code suffix} ({@code .sha1}) appended. */
    static RepositoryPath withSuffix(RepositoryPath path, String suffix) {
        return RepositoryPath.parse(RepositoryPath.PREFIX + path.key() + "/" + path.raw() + suffix);
    }

    /** {@code path} without its {@code suffix} ({@code .sha1}, any case), which it ends with once decoded. */
    static RepositoryPath withoutSuffix(RepositoryPath path, String suffix) {
        String raw = path.raw();
        int cut = raw.length() - suffix.length();
        // An encoded suffix ("%2Esha1") is rare enough to be taken from the decoded path.
        String base = cut > 0 && raw.regionMatches(true, cut, suffix, 0, suffix.length()) ? raw.substring(0, cut)
                : path.path().substring(0, path.path().length() - suffix.length());
        return RepositoryPath.parse(RepositoryPath.PREFIX + path.key() + "/" + base);
    }
}
