package dev.wharf.codec.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenMetadataTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");
    private static final Instant T2 = Instant.parse("2024-02-03T04:05:06Z");

    @Test
    void generatesAnArtifactsMetadataFromItsVersionDirectories() {
        MavenMetadata m = MetadataGenerator.artifact("org/example/lib/", List.of(
                new MetadataGenerator.StoredFile("1.10/lib-1.10.jar", T1),
                new MetadataGenerator.StoredFile("1.10/lib-1.10.jar.sha1", T2),
                new MetadataGenerator.StoredFile("1.9/lib-1.9.pom", T1),
                new MetadataGenerator.StoredFile("2.0-SNAPSHOT/lib-2.0-20240203.040506-1.jar", T2),
                new MetadataGenerator.StoredFile("maven-metadata.xml", T2),
                new MetadataGenerator.StoredFile("sub/1.0/sub-1.0.jar", T2))).orElseThrow();
        assertThat(m.groupId()).isEqualTo("org.example");
        assertThat(m.artifactId()).isEqualTo("lib");
        assertThat(m.versions()).containsExactly("1.9", "1.10", "2.0-SNAPSHOT");
        assertThat(m.latest()).isEqualTo("2.0-SNAPSHOT");
        assertThat(m.release()).isEqualTo("1.10");
        assertThat(m.lastUpdated()).isEqualTo("20240203040506");
        assertThat(MetadataGenerator.artifact("org/example/", List.of(
                new MetadataGenerator.StoredFile("lib/1.0/lib-1.0.jar", T1)))).isEmpty();
    }

    @Test
    void generatesASnapshotVersionsMetadataFromItsTimestampedFiles() {
        MavenMetadata m = MetadataGenerator.snapshot("org/example/lib/1.0-SNAPSHOT/", List.of(
                new MetadataGenerator.StoredFile("lib-1.0-20240102.030405-1.jar", T1),
                new MetadataGenerator.StoredFile("lib-1.0-20240102.030405-1.pom", T1),
                new MetadataGenerator.StoredFile("lib-1.0-20240203.040506-2.jar", T2),
                new MetadataGenerator.StoredFile("lib-1.0-20240203.040506-2.jar.sha1", T2),
                new MetadataGenerator.StoredFile("lib-1.0-20240203.040506-2-sources.jar", T2),
                new MetadataGenerator.StoredFile("maven-metadata.xml", T2))).orElseThrow();
        assertThat(m.version()).isEqualTo("1.0-SNAPSHOT");
        assertThat(m.snapshot()).isEqualTo(new MavenMetadata.Snapshot("20240203.040506", 2));
        assertThat(m.snapshotVersions()).containsExactly(
                new MavenMetadata.SnapshotVersion("", "jar", "1.0-20240203.040506-2", "20240203040506"),
                new MavenMetadata.SnapshotVersion("", "pom", "1.0-20240102.030405-1", "20240102030405"),
                new MavenMetadata.SnapshotVersion("sources", "jar", "1.0-20240203.040506-2", "20240203040506"));
    }

    @Test
    void rendersAndParsesBack() {
        MavenMetadata snapshot = MetadataGenerator.snapshot("org/example/lib/1.0-SNAPSHOT/", List.of(
                new MetadataGenerator.StoredFile("lib-1.0-20240102.030405-1-tests.jar", T1))).orElseThrow();
        assertThat(MavenMetadataXml.parse(MavenMetadataXml.render(snapshot))).isEqualTo(snapshot);
        MavenMetadata plugins = new MavenMetadata(null, null, null, null, null, List.of(), null, null, List.of(),
                List.of(new MavenMetadata.Plugin("A & B", "ab", "ab-maven-plugin")));
        assertThat(MavenMetadataXml.parse(MavenMetadataXml.render(plugins))).isEqualTo(plugins);
        String text = new String(MavenMetadataXml.render(snapshot), StandardCharsets.UTF_8);
        assertThat(text).contains("<timestamp>20240102.030405</timestamp>").contains("<classifier>tests</classifier>");
    }

    @Test
    void refusesWhatIsNotMetadata() {
        assertThatThrownBy(() -> MavenMetadataXml.parse("<project/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("expected: <metadata>");
        assertThatThrownBy(() -> MavenMetadataXml.parse("<metadata>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<metadata><groupId>&x;</groupId></metadata>";
        assertThatThrownBy(() -> MavenMetadataXml.parse(entity.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergesVersionsAndRecomputesLatestAndRelease() {
        MavenMetadata a = MavenMetadataXml.parse(("<metadata><groupId>g</groupId><artifactId>a</artifactId><versioning>"
                + "<latest>1.1</latest><release>1.1</release><versions><version>1.0</version><version>1.1</version></versions>"
                + "<lastUpdated>20240101000000</lastUpdated></versioning></metadata>").getBytes(StandardCharsets.UTF_8));
        MavenMetadata b = MavenMetadataXml.parse(("<metadata><groupId>g</groupId><artifactId>a</artifactId><versioning>"
                + "<versions><version>1.1</version><version>2.0-SNAPSHOT</version><version>1.2</version></versions>"
                + "<lastUpdated>20240301000000</lastUpdated></versioning></metadata>").getBytes(StandardCharsets.UTF_8));
        MavenMetadata merged = MetadataMerge.merge(List.of(a, b));
        assertThat(merged.versions()).containsExactly("1.0", "1.1", "1.2", "2.0-SNAPSHOT");
        assertThat(merged.latest()).isEqualTo("2.0-SNAPSHOT");
        assertThat(merged.release()).isEqualTo("1.2");
        assertThat(merged.lastUpdated()).isEqualTo("20240301000000");
        assertThat(merged.groupId()).isEqualTo("g");
    }

    @Test
    void mergesSnapshotsByNewestBuild() {
        MavenMetadata older = MetadataGenerator.snapshot("g/a/1.0-SNAPSHOT/", List.of(
                new MetadataGenerator.StoredFile("a-1.0-20240102.030405-1.jar", T1))).orElseThrow();
        MavenMetadata newer = MetadataGenerator.snapshot("g/a/1.0-SNAPSHOT/", List.of(
                new MetadataGenerator.StoredFile("a-1.0-20240203.040506-7.jar", T2))).orElseThrow();
        MavenMetadata merged = MetadataMerge.merge(List.of(older, newer));
        assertThat(merged.snapshot()).isEqualTo(new MavenMetadata.Snapshot("20240203.040506", 7));
        assertThat(merged.snapshotVersions()).extracting(MavenMetadata.SnapshotVersion::value)
                .containsExactly("1.0-20240203.040506-7");
    }
}
