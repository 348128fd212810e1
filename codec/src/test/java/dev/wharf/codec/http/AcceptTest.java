package dev.wharf.codec.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptTest {
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final List<String> MANIFESTS = List.of(OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    @Test
    void oneLinePerTypeAsGoClientsSendThemIsReadWhole() {
        Accept accept = Accept.parse(List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST));
        assertThat(accept.preferred(MANIFESTS)).containsExactly(OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
    }

    @Test
    void commaJoinedTypesInOneLineAreTheSame() {
        Accept lines = Accept.parse(List.of(OCI_MANIFEST, OCI_INDEX));
        Accept joined = Accept.parse(List.of(OCI_MANIFEST + ", " + OCI_INDEX));
        assertThat(joined.canonical()).isEqualTo(lines.canonical());
        assertThat(joined.admits(OCI_INDEX)).isTrue();
    }

    @Test
    void onlyTheTypesAdmittedArePreferred() {
        Accept accept = Accept.parse(List.of(DOCKER_MANIFEST));
        assertThat(accept.preferred(MANIFESTS)).containsExactly(DOCKER_MANIFEST);
        assertThat(accept.admits(OCI_INDEX)).isFalse();
    }

    @Test
    void weightsOrderAndZeroExcludes() {
        Accept accept = Accept.parse(List.of(
                "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"));
        assertThat(accept.preferred(List.of("text/html", "application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.v1+json")))
                .containsExactly("application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.v1+html", "text/html");
        assertThat(Accept.parse(List.of("text/html;q=0, */*")).admits("text/html")).isFalse();
    }

    @Test
    void wildcardsAdmitAndTheMostSpecificRangeDecides() {
        Accept accept = Accept.parse(List.of("*/*;q=0.5", "application/*;q=0.8", DOCKER_MANIFEST));
        assertThat(accept.quality(DOCKER_MANIFEST)).isEqualTo(1.0);
        assertThat(accept.quality(OCI_INDEX)).isEqualTo(0.8);
        assertThat(accept.quality("text/plain")).isEqualTo(0.5);
    }

    @Test
    void noAcceptAdmitsEverythingAndGarbageIsIgnored() {
        assertThat(Accept.parse(List.of()).admits(OCI_INDEX)).isTrue();
        assertThat(Accept.parse(List.of()).isEmpty()).isTrue();
        Accept garbage = Accept.parse(List.of("nonsense, /x, */json, " + OCI_INDEX + ";q=bogus"));
        assertThat(garbage.preferred(MANIFESTS)).containsExactly(OCI_INDEX);
        assertThat(garbage.quality(OCI_INDEX)).isEqualTo(1.0);
    }

    @Test
    void parametersAndCaseDoNotMatter() {
        Accept accept = Accept.parse(List.of("Application/Vnd.Oci.Image.Index.V1+JSON; charset=utf-8"));
        assertThat(accept.admits(OCI_INDEX + "; foo=bar")).isTrue();
    }

    @Test
    void manyRangesAreBounded() {
        String many = String.join(",", java.util.Collections.nCopies(10_000, "text/plain"));
        assertThat(Accept.parse(List.of(many)).canonical()).isEqualTo("text/plain");
    }
}
