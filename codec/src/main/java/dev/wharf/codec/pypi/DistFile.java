package dev.wharf.codec.pypi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One file of a project page (PEP 503 anchor, PEP 691 {@code files} item), as both forms carry it.
 *
 * @param filename       the file's name, the anchor's text
 * @param url            where it is fetched from, without the hash fragment: absolute, or relative to the page
 * @param hashes         hash name to lower-case hex ({@code sha256}, ...), maybe empty
 * @param requiresPython the {@code Requires-Python} specifier, or null
 * @param yanked         null when not yanked, else the reason ({@code ""} for none given)
 * @param coreMetadata   null when no PEP 658 {@code .metadata} file is served; else its hashes, maybe empty
 * @param size           the size in bytes (PEP 700), or null when not known
 * @param uploadTime     the ISO 8601 upload time (PEP 700), or null
 */
public record DistFile(String filename, String url, Map<String, String> hashes, String requiresPython, String yanked,
                       Map<String, String> coreMetadata, Long size, String uploadTime) {
    public DistFile {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(url, "url");
        hashes = Map.copyOf(hashes == null ? Map.of() : new TreeMap<>(hashes));
        coreMetadata = coreMetadata == null ? null : Map.copyOf(coreMetadata);
    }

    /** The same file fetched from {@code newUrl}. */
    public DistFile withUrl(String newUrl) {
        return new DistFile(filename, newUrl, hashes, requiresPython, yanked, coreMetadata, size, uploadTime);
    }

    /** The same file, yanked for {@code reason} ({@code ""} for none), or not yanked for null. */
    public DistFile withYanked(String reason) {
        return new DistFile(filename, url, hashes, requiresPython, reason, coreMetadata, size, uploadTime);
    }

    /** The sha256 the index gives, or null. */
    public String sha256() {
        return hashes.get("sha256");
    }
}
