package dev.wharf.codec.go;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/** The {@code @v/list} document: one version per line; unparseable lines (a proxy's noise) are dropped. */
public final class VersionList {
    private VersionList() {
    }

    /** The versions of a list, ordered. */
    public static TreeSet<SemVer> parse(byte[] body) {
        TreeSet<SemVer> versions = new TreeSet<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            String version = line.strip();
            if (SemVer.isValid(version)) {
                versions.add(SemVer.parse(version));
            }
        }
        return versions;
    }

    /** The list document of {@code versions}, ordered, one per line. */
    public static byte[] render(Collection<SemVer> versions) {
        StringBuilder out = new StringBuilder();
        new TreeSet<>(versions).forEach(v -> out.append(v).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The version {@code @latest} answers: the highest release, else the highest pre-release. */
    public static Optional<SemVer> latest(Collection<SemVer> versions) {
        TreeSet<SemVer> ordered = new TreeSet<>(versions);
        Optional<SemVer> release = ordered.descendingSet().stream().filter(v -> !v.isPrerelease()).findFirst();
        return release.isPresent() ? release : Optional.ofNullable(ordered.isEmpty() ? null : ordered.last());
    }
}
