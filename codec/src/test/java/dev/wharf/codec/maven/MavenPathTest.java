package dev.wharf.codec.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.ContentDigest;
import org.junit.jupiter.api.Test;

class MavenPathTest {
    @Test
    void aReleaseFileIsImmutableContent() {
        MavenPath p = MavenPath.parse("org/example/lib/1.0/lib-1.0.jar");
        assertThat(p.isChecksum()).isFalse();
        assertThat(p.isMutable()).isFalse();
        assertThat(p.base()).isEqualTo(p.path());
        assertThat(p.directory()).isEqualTo("org/example/lib/1.0/");
    }

    @Test
    void aChecksumNamesItsFileAndAlgorithm() {
        MavenPath p = MavenPath.parse("org/example/lib/1.0/lib-1.0.jar.sha512");
        assertThat(p.checksum()).isEqualTo(ContentDigest.Algorithm.SHA512);
        assertThat(p.base()).isEqualTo("org/example/lib/1.0/lib-1.0.jar");
        assertThat(p.isMutable()).isFalse();
        assertThat(MavenPath.parse("a/b/1/b-1.pom.MD5").checksum()).isEqualTo(ContentDigest.Algorithm.MD5);
        assertThat(MavenPath.parse("a/b/1/b-1.pom.asc").isChecksum()).isFalse();
        assertThat(MavenPath.checksumPath("x.jar", ContentDigest.Algorithm.SHA1)).isEqualTo("x.jar.sha1");
    }

    @Test
    void metadataAndSnapshotsAreMutable() {
        assertThat(MavenPath.parse("org/example/lib/maven-metadata.xml").metadata()).isTrue();
        assertThat(MavenPath.parse("org/example/lib/maven-metadata.xml.sha1").isMutable()).isTrue();
        MavenPath snapshot = MavenPath.parse("org/example/lib/1.0-SNAPSHOT/lib-1.0-20240101.120000-1.jar");
        assertThat(snapshot.snapshot()).isTrue();
        assertThat(snapshot.isMutable()).isTrue();
        assertThat(MavenPath.parse("org/example/lib/1.0-SNAPSHOT/lib-1.0-SNAPSHOT.pom.sha1").isMutable()).isTrue();
        assertThat(MavenPath.parse("org/example/lib/1.0-SNAPSHOT/maven-metadata.xml").snapshot()).isTrue();
    }
}
