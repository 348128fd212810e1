package dev.wharf.codec.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NpmPathTest {
    private static final PackageName SCOPED = new PackageName("acme", "greet");
    private static final PackageName PLAIN = new PackageName(null, "left-pad");

    @Test
    void readsPackumentsOfPlainAndScopedNames() {
        assertThat(NpmPath.parse(List.of("left-pad"))).isEqualTo(new NpmRequest.Packument(PLAIN));
        assertThat(NpmPath.parse(List.of("@acme", "greet"))).isEqualTo(new NpmRequest.Packument(SCOPED));
        assertThat(SCOPED.toString()).isEqualTo("@acme/greet");
    }

    @Test
    void readsTarballsAndRevisions() {
        assertThat(NpmPath.parse(List.of("@acme", "greet", "-", "greet-2.1.0.tgz")))
                .isEqualTo(new NpmRequest.Tarball(SCOPED, "greet-2.1.0.tgz"));
        assertThat(NpmPath.parse(List.of("left-pad", "-rev", "3-abc"))).isEqualTo(new NpmRequest.Revision(PLAIN, "3-abc"));
        assertThat(NpmPath.parse(List.of("left-pad", "-", "left-pad-1.0.0.tgz", "-rev", "3-abc")))
                .isEqualTo(new NpmRequest.TarballRevision(PLAIN, "left-pad-1.0.0.tgz", "3-abc"));
    }

    @Test
    void readsDistTagsAndPassesOtherEndpointsOn() {
        assertThat(NpmPath.parse(List.of("-", "package", "@acme", "greet", "dist-tags"))).isEqualTo(new NpmRequest.DistTags(SCOPED));
        assertThat(NpmPath.parse(List.of("-", "package", "left-pad", "dist-tags", "beta")))
                .isEqualTo(new NpmRequest.DistTag(PLAIN, "beta"));
        assertThat(NpmPath.parse(List.of("-", "npm", "v1", "security", "advisories", "bulk")))
                .isEqualTo(new NpmRequest.Endpoint("-/npm/v1/security/advisories/bulk"));
    }

    @Test
    void refusesWhatNamesNoResource() {
        assertThatThrownBy(() -> NpmPath.parse(List.of("@acme"))).isInstanceOf(NpmPathException.class).hasMessageContaining("scoped");
        assertThatThrownBy(() -> NpmPath.parse(List.of("left-pad", "-", "notes.txt"))).hasMessageContaining("not a tarball");
        assertThatThrownBy(() -> NpmPath.parse(List.of("left-pad", "extra"))).hasMessageContaining("not an npm registry path");
        assertThatThrownBy(() -> NpmPath.parse(List.of("_private"))).hasMessageContaining("URL-safe");
        assertThatThrownBy(() -> NpmPath.parse(List.of("a b"))).hasMessageContaining("URL-safe");
    }
}
