package dev.wharf.codec.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Merges the {@code maven-metadata.xml} of one path as several repositories serve it, for a virtual
 * repository: the union of the versions in Maven order, {@code latest} and {@code release} recomputed from
 * them (or the highest given, when no versions are listed), {@code lastUpdated} the newest; for a snapshot
 * version, the newest build and, per classifier and extension, the newest file; for a group, the union of
 * the plugins by prefix, the first document winning a prefix.
 */
public final class MetadataMerge {
    private MetadataMerge() {
    }

    /** Merges {@code documents} (at least one), the first one's groupId, artifactId and version kept. */
    public static MavenMetadata merge(List<MavenMetadata> documents) {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge (expected: at least one document)");
        }
        MavenMetadata first = documents.get(0);
        if (documents.size() == 1) {
            return first;
        }
        TreeSet<MavenVersion> versions = new TreeSet<>();
        String latest = null;
        String release = null;
        String lastUpdated = null;
        MavenMetadata.Snapshot snapshot = null;
        Map<String, MavenMetadata.SnapshotVersion> files = new LinkedHashMap<>();
        Map<String, MavenMetadata.Plugin> plugins = new LinkedHashMap<>();
        String groupId = null;
        String artifactId = null;
        String version = null;
        for (MavenMetadata m : documents) {
            groupId = groupId != null ? groupId : m.groupId();
            artifactId = artifactId != null ? artifactId : m.artifactId();
            version = version != null ? version : m.version();
            m.versions().forEach(v -> versions.add(MavenVersion.of(v)));
            latest = higher(latest, m.latest());
            release = higher(release, m.release());
            lastUpdated = later(lastUpdated, m.lastUpdated());
            if (m.snapshot() != null && (snapshot == null || newer(m.snapshot(), snapshot))) {
                snapshot = m.snapshot();
            }
            for (MavenMetadata.SnapshotVersion s : m.snapshotVersions()) {
                String kind = s.classifier() + "\n" + s.extension();
                MavenMetadata.SnapshotVersion seen = files.get(kind);
                if (seen == null || s.updated() != null && (seen.updated() == null || s.updated().compareTo(seen.updated()) > 0)) {
                    files.put(kind, s);
                }
            }
            m.plugins().forEach(p -> plugins.putIfAbsent(p.prefix(), p));
        }
        List<String> ordered = new ArrayList<>();
        versions.forEach(v -> ordered.add(v.toString()));
        if (!versions.isEmpty()) {
            latest = higher(latest, versions.last().toString());
            for (MavenVersion v : versions.descendingSet()) {
                if (!MavenVersion.isSnapshot(v.toString())) {
                    release = higher(release, v.toString());
                    break;
                }
            }
        }
        return new MavenMetadata(groupId, artifactId, version, latest, release, ordered, lastUpdated, snapshot,
                new ArrayList<>(files.values()), new ArrayList<>(plugins.values()));
    }

    private static String higher(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return MavenVersion.of(b).compareTo(MavenVersion.of(a)) > 0 ? b : a;
    }

    /** Timestamps of one fixed-width form compare as text; the later one, or either when one is absent. */
    private static String later(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.compareTo(a) > 0 ? b : a;
    }

    private static boolean newer(MavenMetadata.Snapshot candidate, MavenMetadata.Snapshot current) {
        int byTime = candidate.timestamp().compareTo(current.timestamp());
        return byTime > 0 || byTime == 0 && candidate.buildNumber() > current.buildNumber();
    }
}
