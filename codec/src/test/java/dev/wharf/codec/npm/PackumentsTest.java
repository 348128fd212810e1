package dev.wharf.codec.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.ContentDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackumentsTest {
    private static final String UPSTREAM = """
            {"name":"@acme/greet","readme":"long text","dist-tags":{"latest":"2.0.0"},
             "time":{"created":"2020-01-01T00:00:00Z","modified":"2021-01-01T00:00:00Z","1.0.0":"2020-01-01T00:00:00Z"},
             "versions":{
               "1.0.0":{"name":"@acme/greet","version":"1.0.0","readme":"x","scripts":{"postinstall":"node x"},
                        "dist":{"tarball":"https://npm.example.com/@acme/greet/-/greet-1.0.0.tgz","shasum":"0c7b68f0e7dce461f17fedd59e5203fb10b9103c"}},
               "2.0.0":{"name":"@acme/greet","version":"2.0.0","dependencies":{"dep":"^1"},
                        "dist":{"tarball":"https://cdn.example.com/files/greet-2.0.0.tgz"}}}}
            """;

    private static ObjectNode upstream() {
        return Packuments.parse(UPSTREAM.getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    void rewritesEveryTarballByItsFileName() {
        ObjectNode original = upstream();
        ObjectNode rewritten = Packuments.rewriteTarballs(original, file -> "http://wharf/repository/npm/@acme/greet/-/" + file);
        assertThat(rewritten.at("/versions/2.0.0/dist/tarball").asText()).isEqualTo("http://wharf/repository/npm/@acme/greet/-/greet-2.0.0.tgz");
        assertThat(rewritten.at("/versions/1.0.0/dist/tarball").asText()).isEqualTo("http://wharf/repository/npm/@acme/greet/-/greet-1.0.0.tgz");
        assertThat(original.at("/versions/2.0.0/dist/tarball").asText()).startsWith("https://cdn.example.com/");
        assertThat(Packuments.versionOfTarball(original, "greet-2.0.0.tgz").orElseThrow().getKey()).isEqualTo("2.0.0");
        assertThat(Packuments.versionOfTarball(original, "greet-3.0.0.tgz")).isEmpty();
    }

    @Test
    void abbreviatesToWhatInstallersNeed() {
        ObjectNode small = Packuments.abbreviate(upstream());
        assertThat(small.has("readme")).isFalse();
        assertThat(small.path("modified").asText()).isEqualTo("2021-01-01T00:00:00Z");
        assertThat(small.at("/versions/1.0.0").has("readme")).isFalse();
        assertThat(small.at("/versions/1.0.0/hasInstallScript").asBoolean()).isTrue();
        assertThat(small.at("/versions/2.0.0/dependencies/dep").asText()).isEqualTo("^1");
        assertThat(small.at("/dist-tags/latest").asText()).isEqualTo("2.0.0");
    }

    @Test
    void mergesWithTheFirstWinningAVersionAndTheFirstTagsWinning() {
        ObjectNode first = Packuments.parse("""
                {"name":"@acme/greet","dist-tags":{},"versions":{"2.0.0":{"version":"2.0.0","dist":{"tarball":"greet-2.0.0.tgz","shasum":"aa"}}}}
                """.getBytes(StandardCharsets.UTF_8), "first");
        ObjectNode merged = Packuments.merge(List.of(first, upstream()));
        assertThat(merged.at("/versions/2.0.0/dist/tarball").asText()).isEqualTo("greet-2.0.0.tgz");
        assertThat(merged.at("/versions/1.0.0/version").asText()).isEqualTo("1.0.0");
        assertThat(merged.at("/dist-tags/latest").asText()).isEqualTo("2.0.0");
        assertThat(merged.at("/time/created").asText()).isEqualTo("2020-01-01T00:00:00Z");
    }

    @Test
    void refusesWhatIsNoPackument() {
        assertThatThrownBy(() -> Packuments.parse("[1]".getBytes(StandardCharsets.UTF_8), "doc")).hasMessage("doc is not a JSON object");
        assertThatThrownBy(() -> Packuments.parse("{\"versions\":[]}".getBytes(StandardCharsets.UTF_8), "doc"))
                .hasMessageContaining("\"versions\" is not an object");
        assertThatThrownBy(() -> Packuments.parse("{".getBytes(StandardCharsets.UTF_8), "doc")).hasMessageContaining("not JSON");
    }

    @Test
    void integrityGivesSha512AndShasumGivesSha1() {
        byte[] sha512 = new byte[64];
        sha512[0] = 7;
        ObjectNode dist = Packuments.parse(("{\"integrity\":\"sha256-xx sha512-" + Base64.getEncoder().encodeToString(sha512)
                + "\",\"shasum\":\"0c7b68f0e7dce461f17fedd59e5203fb10b9103c\"}").getBytes(StandardCharsets.UTF_8), "dist");
        List<ContentDigest> digests = Integrity.of(dist);
        assertThat(digests).extracting(ContentDigest::algorithm)
                .containsExactly(ContentDigest.Algorithm.SHA512, ContentDigest.Algorithm.SHA1);
        assertThat(digests.get(0).hex()).startsWith("07000000");
        assertThat(Integrity.sri(digests.get(0))).isEqualTo("sha512-" + Base64.getEncoder().encodeToString(sha512));
    }

    @Test
    void assemblesALocalPackumentFromStoredVersions() {
        ObjectNode one = Packuments.parse("{\"version\":\"1.0.0\",\"description\":\"old\",\"dist\":{\"tarball\":\"p-1.0.0.tgz\"}}"
                .getBytes(StandardCharsets.UTF_8), "v");
        ObjectNode two = Packuments.parse("{\"version\":\"2.0.0\",\"description\":\"new\",\"dist\":{\"tarball\":\"p-2.0.0.tgz\"}}"
                .getBytes(StandardCharsets.UTF_8), "v");
        ObjectNode doc = PackumentAssembly.assemble(new PackageName(null, "p"), List.of(
                new StoredVersion("2.0.0", two, Instant.parse("2024-02-01T00:00:00Z")),
                new StoredVersion("1.0.0", one, Instant.parse("2024-01-01T00:00:00Z"))), Map.of("latest", "1.0.0", "gone", "9.9.9"));
        assertThat(doc.path("versions").fieldNames()).toIterable().containsExactly("1.0.0", "2.0.0");
        assertThat(doc.path("dist-tags").fieldNames()).toIterable().containsExactly("latest");
        assertThat(doc.path("description").asText()).isEqualTo("old");
        assertThat(doc.at("/time/modified").asText()).isEqualTo("2024-02-01T00:00:00Z");
        assertThat(doc.path("_rev").asText()).startsWith("2-");
    }

    @Test
    void readsAPublishDocumentAndItsAttachment() {
        byte[] tarball = {1, 2, 3, 4};
        String body = "{\"_id\":\"@acme/greet\",\"name\":\"@acme/greet\",\"dist-tags\":{\"latest\":\"1.0.0\"},"
                + "\"versions\":{\"1.0.0\":{\"name\":\"@acme/greet\",\"version\":\"1.0.0\",\"dist\":{\"tarball\":"
                + "\"http://h/@acme/greet/-/@acme/greet-1.0.0.tgz\"}}},\"_attachments\":{\"@acme/greet-1.0.0.tgz\":"
                + "{\"content_type\":\"application/octet-stream\",\"data\":\"" + Base64.getEncoder().encodeToString(tarball)
                + "\",\"length\":4}}}";
        PublishDocument doc = PublishDocument.parse(body.getBytes(StandardCharsets.UTF_8), new PackageName("acme", "greet"));
        assertThat(doc.isPublish()).isTrue();
        assertThat(doc.attachments().get("greet-1.0.0.tgz")).containsExactly(tarball);
        assertThat(doc.distTags()).containsEntry("latest", "1.0.0");
        assertThatThrownBy(() -> PublishDocument.parse(body.getBytes(StandardCharsets.UTF_8), new PackageName(null, "other")))
                .hasMessageContaining("names package @acme/greet, not other");
        assertThatThrownBy(() -> PublishDocument.parse(body.replace("\"length\":4", "\"length\":5").getBytes(StandardCharsets.UTF_8),
                new PackageName("acme", "greet"))).hasMessageContaining("length says 5");
        assertThat(Packuments.versionString("\"1.2.3\"".getBytes(StandardCharsets.UTF_8))).isEqualTo("1.2.3");
        assertThatThrownBy(() -> Packuments.versionString("12".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("JSON string");
    }
}
