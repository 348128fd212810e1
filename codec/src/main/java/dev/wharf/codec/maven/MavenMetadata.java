package dev.wharf.codec.maven;

import java.util.List;
import java.util.Objects;

/**
 * A {@code maven-metadata.xml} document, at any of its three levels: an artifact's
 * ({@code groupId}, {@code artifactId}, {@code versions}, {@code latest}, {@code release}), a snapshot
 * version's ({@code version}, the latest {@code snapshot} and the {@code snapshotVersions} of each
 * classifier and extension), or a group's ({@code plugins}, naming the prefixes of its Maven plugins).
 * Absent values are null (or empty lists).
 *
 * @param lastUpdated {@code yyyyMMddHHmmss} in UTC, as Maven writes it, or null
 */
public record MavenMetadata(String groupId, String artifactId, String version, String latest, String release,
                            List<String> versions, String lastUpdated, Snapshot snapshot,
                            List<SnapshotVersion> snapshotVersions, List<Plugin> plugins) {
    public MavenMetadata {
        versions = List.copyOf(versions);
        snapshotVersions = List.copyOf(snapshotVersions);
        plugins = List.copyOf(plugins);
    }

    /** The latest build of a snapshot version: {@code timestamp} ({@code yyyyMMdd.HHmmss}) and {@code buildNumber}. */
    public record Snapshot(String timestamp, int buildNumber) {
        public Snapshot {
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /** The file of one classifier ("" for none) and extension of a snapshot build: {@code value} is its version. */
    public record SnapshotVersion(String classifier, String extension, String value, String updated) {
        public SnapshotVersion {
            Objects.requireNonNull(classifier, "classifier");
            Objects.requireNonNull(extension, "extension");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A Maven plugin of a group: its {@code prefix} ({@code mvn <prefix>:<goal>}), artifactId and name. */
    public record Plugin(String name, String prefix, String artifactId) {
        public Plugin {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(artifactId, "artifactId");
        }
    }
}
