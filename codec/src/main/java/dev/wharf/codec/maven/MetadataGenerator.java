package dev.wharf.codec.maven;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Computes {@code maven-metadata.xml} from the files a repository stores, as a hosted repository serves it: an
 * artifact's from its version directories (versions in Maven order, {@code latest} the highest,
 * {@code release} the highest that is not a snapshot), a snapshot version's from its timestamped files
 * ({@code snapshot} the newest build, one {@code snapshotVersion} per classifier and extension).
 * {@code lastUpdated} is the time the newest file was stored.
 */
public final class MetadataGenerator {
    /** {@code lastUpdated}'s form. */
    public static final DateTimeFormatter LAST_UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern TIMESTAMP = Pattern.compile("(\\d{8}\\.\\d{6})-(\\d{1,9})");

    /** A stored file: its path relative to the directory the metadata describes, and when it was stored. */
    public record StoredFile(String path, Instant stored) {
    }

    private MetadataGenerator() {
    }

    /**
     * The metadata of the artifact whose directory is {@code directory} ({@code org/example/lib/}), or empty when
     * no version directory there holds a file of that artifact (the directory is a group, or empty).
     */
    public static Optional<MavenMetadata> artifact(String directory, List<StoredFile> files) {
        Coordinates at = Coordinates.of(directory);
        if (at == null) {
            return Optional.empty();
        }
        TreeSet<MavenVersion> versions = new TreeSet<>();
        Instant newest = null;
        for (StoredFile file : files) {
            String[] parts = file.path().split("/", -1);
            if (parts.length != 2 || !isArtifactFile(parts[1]) || !parts[1].startsWith(at.artifactId + "-")) {
                continue;
            }
            versions.add(MavenVersion.of(parts[0]));
            newest = newest == null || file.stored().isAfter(newest) ? file.stored() : newest;
        }
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        List<String> ordered = versions.stream().map(MavenVersion::toString).toList();
        String release = versions.descendingSet().stream().map(MavenVersion::toString)
                .filter(v -> !MavenVersion.isSnapshot(v)).findFirst().orElse(null);
        return Optional.of(new MavenMetadata(at.groupId, at.artifactId, null, versions.last().toString(), release, ordered,
                LAST_UPDATED.format(newest), null, List.of(), List.of()));
    }

    /**
     * The metadata of the snapshot version whose directory is {@code directory} ({@code org/example/lib/1.0-SNAPSHOT/}),
     * from its files; empty when it holds no file of that artifact.
     */
    public static Optional<MavenMetadata> snapshot(String directory, List<StoredFile> files) {
        String trimmed = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String version = trimmed.substring(slash + 1);
        Coordinates at = Coordinates.of(trimmed.substring(0, slash + 1));
        if (at == null || !MavenVersion.isSnapshot(version)) {
            return Optional.empty();
        }
        String base = version.substring(0, version.length() - MavenPath.SNAPSHOT.length());
        String timestamped = at.artifactId + "-" + base + "-";
        Map<String, Build> latestByKind = new LinkedHashMap<>();
        Build newestBuild = null;
        Instant newest = null;
        boolean any = false;
        for (StoredFile file : files) {
            String name = file.path();
            if (name.contains("/") || !isArtifactFile(name) || !name.startsWith(at.artifactId + "-")) {
                continue;
            }
            any = true;
            newest = newest == null || file.stored().isAfter(newest) ? file.stored() : newest;
            Build build = null;
            String rest = null;
            if (name.startsWith(timestamped)) {
                Matcher m = TIMESTAMP.matcher(name).region(timestamped.length(), name.length());
                if (m.lookingAt()) {
                    build = new Build(m.group(1), Integer.parseInt(m.group(2)), base + "-" + m.group(), file.stored());
                    rest = name.substring(m.end());
                }
            }
            if (build == null) {
                String plain = at.artifactId + "-" + version;
                if (!name.startsWith(plain)) {
                    continue;
                }
                build = new Build(null, 0, version, file.stored());
                rest = name.substring(plain.length());
            }
            String classifier;
            String extension;
            if (rest.startsWith("-")) {
                int dot = rest.indexOf('.');
                if (dot < 0) {
                    continue;
                }
                classifier = rest.substring(1, dot);
                extension = rest.substring(dot + 1);
            } else if (rest.startsWith(".")) {
                classifier = "";
                extension = rest.substring(1);
            } else {
                continue;
            }
            if (extension.isEmpty()) {
                continue;
            }
            String kind = classifier + "\n" + extension;
            Build seen = latestByKind.get(kind);
            if (seen == null || BUILD_ORDER.compare(build, seen) > 0) {
                latestByKind.put(kind, build.withKind(classifier, extension));
            }
            if (build.timestamp != null && (newestBuild == null || BUILD_ORDER.compare(build, newestBuild) > 0)) {
                newestBuild = build;
            }
        }
        if (!any) {
            return Optional.empty();
        }
        List<MavenMetadata.SnapshotVersion> snapshotVersions = new ArrayList<>();
        latestByKind.values().stream()
                .sorted(Comparator.comparing((Build b) -> b.classifier).thenComparing(b -> b.extension))
                .forEach(b -> snapshotVersions.add(new MavenMetadata.SnapshotVersion(b.classifier, b.extension, b.value,
                        LAST_UPDATED.format(b.stored))));
        MavenMetadata.Snapshot snapshot = newestBuild == null ? null
                : new MavenMetadata.Snapshot(newestBuild.timestamp, newestBuild.buildNumber);
        return Optional.of(new MavenMetadata(at.groupId, at.artifactId, version, null, null, List.of(),
                LAST_UPDATED.format(newest), snapshot, snapshotVersions, List.of()));
    }

    /** Neither a checksum nor metadata: a file that makes a version exist. */
    private static boolean isArtifactFile(String name) {
        return MavenPath.checksumAlgorithm(name).isEmpty() && !name.startsWith("maven-metadata");
    }

    /** A timestamped build sorts by timestamp then build number; a non-timestamped file before any. */
    private static final Comparator<Build> BUILD_ORDER = Comparator
            .comparing((Build b) -> b.timestamp == null ? "" : b.timestamp)
            .thenComparingInt(b -> b.buildNumber)
            .thenComparing(b -> b.stored);

    private record Build(String timestamp, int buildNumber, String value, Instant stored, String classifier,
                         String extension) {
        Build(String timestamp, int buildNumber, String value, Instant stored) {
            this(timestamp, buildNumber, value, stored, "", "");
        }

        Build withKind(String classifier, String extension) {
            return new Build(timestamp, buildNumber, value, stored, classifier, extension);
        }
    }

    /** The groupId and artifactId an artifact directory ({@code org/example/lib/}) stands for. */
    private record Coordinates(String groupId, String artifactId) {
        static Coordinates of(String directory) {
            String trimmed = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
            int slash = trimmed.lastIndexOf('/');
            if (slash <= 0) {
                return null;
            }
            return new Coordinates(trimmed.substring(0, slash).replace('/', '.'), trimmed.substring(slash + 1));
        }
    }
}
