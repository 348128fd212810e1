package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerPathTest {
    private static final String HEX = "5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";
    private static final String DIGEST = "sha256:" + HEX;

    private static ImageName name(String value) {
        return new ImageName(value);
    }

    static Stream<Arguments> routes() {
        Digest digest = Digest.parse(DIGEST);
        return Stream.of(
                Arguments.of("/v2/", new DockerRequest.Ping()),
                Arguments.of("/v2", new DockerRequest.Ping()),
                Arguments.of("/v2/_catalog", new DockerRequest.Catalog()),
                Arguments.of("/v2/dockerhub/library/ubuntu/manifests/22.04",
                        new DockerRequest.Manifest(name("dockerhub/library/ubuntu"), new Reference.Tag("22.04"))),
                Arguments.of("/v2/ubuntu/manifests/" + DIGEST,
                        new DockerRequest.Manifest(name("ubuntu"), new Reference.DigestRef(digest))),
                Arguments.of("/v2/images/app/blobs/" + DIGEST, new DockerRequest.Blob(name("images/app"), digest)),
                Arguments.of("/v2/images/app/blobs/uploads/", new DockerRequest.UploadStart(name("images/app"))),
                Arguments.of("/v2/images/app/blobs/uploads", new DockerRequest.UploadStart(name("images/app"))),
                Arguments.of("/v2/images/app/blobs/uploads/3f1c0e7a-9b1d-4c2e-8f00-1a2b3c4d5e6f",
                        new DockerRequest.Upload(name("images/app"), "3f1c0e7a-9b1d-4c2e-8f00-1a2b3c4d5e6f")),
                Arguments.of("/v2/images/app/blobs/uploads/aGVsbG8_d29y-bGQ=",
                        new DockerRequest.Upload(name("images/app"), "aGVsbG8_d29y-bGQ=")),
                Arguments.of("/v2/images/app/tags/list", new DockerRequest.TagList(name("images/app"))),
                Arguments.of("/v2/images/app/referrers/" + DIGEST, new DockerRequest.Referrers(name("images/app"), digest)),
                Arguments.of("/v2/a/manifests/manifests/manifests",
                        new DockerRequest.Manifest(name("a/manifests"), new Reference.Tag("manifests"))),
                Arguments.of("/v2/blobs/uploads/manifests/latest",
                        new DockerRequest.Manifest(name("blobs/uploads"), new Reference.Tag("latest"))),
                Arguments.of("/v2/a/blobs/uploads/manifests",
                        new DockerRequest.Upload(name("a"), "manifests")),
                Arguments.of("/v2/tags/list/tags/list", new DockerRequest.TagList(name("tags/list"))),
                Arguments.of("/v2/blobs/blobs/" + DIGEST, new DockerRequest.Blob(name("blobs"), digest)),
                Arguments.of("/v2/referrers/manifests/referrers/" + DIGEST,
                        new DockerRequest.Referrers(name("referrers/manifests"), digest)),
                Arguments.of("/v2/" + "a/".repeat(127) + "a/manifests/latest",
                        new DockerRequest.Manifest(name("a/".repeat(127) + "a"), new Reference.Tag("latest"))),
                Arguments.of("/v2/library/ubuntu/manifests/" + "L".repeat(128),
                        new DockerRequest.Manifest(name("library/ubuntu"), new Reference.Tag("L".repeat(128)))));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void parsesEveryRoute(String path, DockerRequest expected) {
        assertThat(DockerPath.parse(path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void everyRequestRendersToAPathThatParsesBackToIt(String path, DockerRequest request) {
        assertThat(DockerPath.parse(RequestPaths.of(request))).isEqualTo(request);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                // traversal, encodings and hygiene: NAME_INVALID
                Arguments.of("/v2/../x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/../../manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/./manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/manifests/..", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/blobs/uploads/..", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/blobs/uploads/.", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/%2e%2e/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a%2fb/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a%2Fb/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/manifests/%6c%61test", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/blobs/sha256%3a" + HEX, ErrorCode.NAME_INVALID),
                Arguments.of("/v2/%", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a\\..\\b/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a//b/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2//a/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("//v2/a/manifests/x", ErrorCode.NOT_FOUND),
                Arguments.of("/v2//", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a b/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/manifests/x\u0000", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/manifests/x\r\nSet-Cookie: a=b", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/manifests/x\u007f", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/caf\u00e9/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/\u0430/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a\uff0fb/manifests/x", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/manifests/\ud83d\udc33", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a/manifests/x" + "y".repeat(2048), ErrorCode.NAME_INVALID),
                // names
                Arguments.of("/v2/Library/ubuntu/manifests/latest", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/_catalog/manifests/latest", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a__/manifests/latest", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/a;b/manifests/latest", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/" + "a".repeat(256) + "/manifests/latest", ErrorCode.NAME_INVALID),
                Arguments.of("/v2/" + "a/".repeat(129) + "manifests/latest", ErrorCode.NAME_INVALID),
                // references, digests, uploads
                Arguments.of("/v2/a/manifests/.latest", ErrorCode.MANIFEST_UNKNOWN),
                Arguments.of("/v2/a/manifests/-latest", ErrorCode.MANIFEST_UNKNOWN),
                Arguments.of("/v2/a/manifests/" + "x".repeat(129), ErrorCode.MANIFEST_UNKNOWN),
                Arguments.of("/v2/a/manifests/latest@" + DIGEST, ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/manifests/latest:1", ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/manifests/sha256:" + HEX.toUpperCase(), ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/blobs/sha256:" + HEX.substring(1), ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/blobs/sha256:" + HEX + "0", ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/blobs/sha512:" + HEX + HEX, ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/blobs/latest", ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/referrers/latest", ErrorCode.DIGEST_INVALID),
                Arguments.of("/v2/a/blobs/uploads/.hidden", ErrorCode.BLOB_UPLOAD_UNKNOWN),
                Arguments.of("/v2/a/blobs/uploads/a:b", ErrorCode.BLOB_UPLOAD_UNKNOWN),
                Arguments.of("/v2/a/blobs/uploads/" + "u".repeat(129), ErrorCode.BLOB_UPLOAD_UNKNOWN),
                // no such resource
                Arguments.of("/v1/_ping", ErrorCode.NOT_FOUND),
                Arguments.of("/v2x", ErrorCode.NOT_FOUND),
                Arguments.of("/v20/", ErrorCode.NOT_FOUND),
                Arguments.of("", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/ubuntu", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/library/ubuntu", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/manifests/latest", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/blobs/uploads", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/a/tags/all", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/a/tags/list/", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/a/manifests/latest/", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/_catalog/", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/a/blobs/uploads/u1/", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/a/manifests", ErrorCode.NOT_FOUND),
                Arguments.of("/v2/a/blobs/" + DIGEST + "/extra", ErrorCode.NOT_FOUND));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWithTheRegistryErrorToAnswer(String path, ErrorCode code) {
        assertThatThrownBy(() -> DockerPath.parse(path))
                .isInstanceOfSatisfying(DockerPathException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains("expected: ");
                    assertThat(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                            .as("message is printable ASCII: %s", e.getMessage()).isTrue();
                });
    }

    @Test
    void acceptsAPathOfExactlyTheLimit() {
        String prefix = "/v2/" + "a/".repeat(100);
        String path = prefix + "manifests/" + "t".repeat(DockerPath.MAX_LENGTH - prefix.length() - "manifests/".length());

        assertThat(path).hasSize(DockerPath.MAX_LENGTH);
        assertThatThrownBy(() -> DockerPath.parse(path))
                .isInstanceOfSatisfying(DockerPathException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNKNOWN));
    }

    @Test
    void saysWhatWasExpected() {
        assertThatThrownBy(() -> DockerPath.parse("/v2/a/blobs/sha256:abc"))
                .hasMessage("digest: sha256:abc (expected: sha256:<64 hex>)");
        assertThatThrownBy(() -> DockerPath.parse("/v2/A/manifests/x"))
                .hasMessageStartingWith("image name: A (expected: ");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> DockerPath.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
