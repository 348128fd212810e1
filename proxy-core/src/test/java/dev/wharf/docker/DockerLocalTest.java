package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.MediaTypes;
import dev.wharf.testing.FakeRegistry;
import dev.wharf.testing.InProcessWharf;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The push half of the registry API on a Docker local repository, and a virtual over it and a remote. */
@Timeout(120)
class DockerLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static InProcessWharf wharf;
    private static FakeRegistry upstream;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        upstream = FakeRegistry.start();
        wharf = InProcessWharf.start(dir, """
                docker: { defaultRepository: all }
                repositories:
                  - { key: images, format: docker, type: local }
                  - { key: other, format: docker, type: local }
                  - { key: hub, format: docker, type: remote, url: "%s" }
                  - { key: all, format: docker, type: virtual, members: [images, hub], deployTo: images }
                  - { key: readonly, format: docker, type: virtual, members: [hub] }
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        wharf.close();
        upstream.close();
    }

    private static HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wharf.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!method.equals("GET") && !method.equals("HEAD")) {
            request.header("Authorization", "Bearer " + InProcessWharf.ADMIN_TOKEN);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static String code(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body()).path("errors").path(0).path("code").asText();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Pushes a blob monolithically into {@code repoName}. */
    private static Digest pushBlob(String repoName, byte[] blob) {
        Digest digest = FakeRegistry.sha256(blob);
        HttpResponse<byte[]> put = send("POST", "/v2/" + repoName + "/blobs/uploads/?digest=" + digest, blob);
        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return digest;
    }

    private static String descriptor(String type, Digest digest, long size) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static byte[] imageManifest(Digest config, int configSize, Digest layer, int layerSize, String extra) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + descriptor(MediaTypes.OCI_CONFIG, config, configSize) + ",\"layers\":["
                + descriptor(MediaTypes.OCI_LAYER_GZIP, layer, layerSize) + "]" + extra + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Pushes a config and a layer and a manifest tagged {@code tag}; returns the manifest's bytes. */
    private static byte[] pushImage(String repoName, String tag, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(3000, seed);
        byte[] manifest = imageManifest(pushBlob(repoName, config), config.length, pushBlob(repoName, layer), layer.length, "");
        HttpResponse<byte[]> put = send("PUT", "/v2/" + repoName + "/manifests/" + tag, manifest,
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return manifest;
    }

    @Test
    void aChunkedUploadInOrderCompletesAndServesTheBytes() throws Exception {
        byte[] blob = random(100_000, 1);
        Digest digest = FakeRegistry.sha256(blob);
        HttpResponse<byte[]> start = send("POST", "/v2/images/team/app/blobs/uploads/", null);
        assertThat(start.statusCode()).isEqualTo(202);
        assertThat(header(start, "Range")).isEqualTo("0-0");
        assertThat(header(start, "Docker-Upload-UUID")).isNotBlank();
        String location = header(start, "Location");
        assertThat(location).startsWith("/v2/images/team/app/blobs/uploads/");

        HttpResponse<byte[]> first = send("PATCH", location, Arrays.copyOfRange(blob, 0, 40_000),
                "Content-Range", "0-39999", "Content-Type", "application/octet-stream");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(header(first, "Range")).isEqualTo("0-39999");

        HttpResponse<byte[]> outOfOrder = send("PATCH", location, Arrays.copyOfRange(blob, 50_000, 60_000),
                "Content-Range", "50000-59999");
        assertThat(outOfOrder.statusCode()).isEqualTo(416);
        assertThat(header(outOfOrder, "Range")).isEqualTo("0-39999");

        HttpResponse<byte[]> status = send("GET", location, null);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(header(status, "Range")).isEqualTo("0-39999");

        // A streamed chunk without Content-Range, as docker sends, lands at the session's end.
        HttpResponse<byte[]> second = send("PATCH", header(status, "Location"), Arrays.copyOfRange(blob, 40_000, 90_000));
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(header(second, "Range")).isEqualTo("0-89999");

        HttpResponse<byte[]> done = send("PUT", header(second, "Location") + "?digest=" + digest,
                Arrays.copyOfRange(blob, 90_000, blob.length));
        assertThat(done.statusCode()).as(new String(done.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        assertThat(header(done, "Docker-Content-Digest")).isEqualTo(digest.toString());
        assertThat(header(done, "Location")).isEqualTo("/v2/images/team/app/blobs/" + digest);

        HttpResponse<byte[]> get = send("GET", "/v2/images/team/app/blobs/" + digest, null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(blob);
        HttpResponse<byte[]> head = send("HEAD", "/v2/images/team/app/blobs/" + digest, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(blob.length));
        assertThat(send("GET", location, null).statusCode()).as("a completed session is gone").isEqualTo(404);
    }

    @Test
    void aDigestMismatchIsDigestInvalidAndCancelsTheSession() throws Exception {
        HttpResponse<byte[]> start = send("POST", "/v2/images/team/app/blobs/uploads/", null);
        String location = header(start, "Location");
        assertThat(send("PATCH", location, random(1000, 2)).statusCode()).isEqualTo(202);
        HttpResponse<byte[]> done = send("PUT", location + "?digest=" + FakeRegistry.sha256(random(1000, 3)), null);
        assertThat(done.statusCode()).isEqualTo(400);
        assertThat(code(done)).isEqualTo("DIGEST_INVALID");
        HttpResponse<byte[]> monolithic = send("POST", "/v2/images/team/app/blobs/uploads/?digest="
                + FakeRegistry.sha256(random(10, 4)), random(10, 5));
        assertThat(monolithic.statusCode()).isEqualTo(400);
        assertThat(code(monolithic)).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void aCancelledUploadIsUnknown() throws Exception {
        String location = header(send("POST", "/v2/images/team/app/blobs/uploads/", null), "Location");
        assertThat(send("DELETE", location, null).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> after = send("PATCH", location, random(10, 6));
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(code(after)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        HttpResponse<byte[]> bogus = send("GET", "/v2/images/team/app/blobs/uploads/not-a-session", null);
        assertThat(code(bogus)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void aManifestNeedsItsBlobsAndIsServedByteExactByTagAndDigest() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(500, 7);
        Digest configDigest = pushBlob("images/shop/web", config);
        Digest layerDigest = FakeRegistry.sha256(layer);
        byte[] manifest = imageManifest(configDigest, config.length, layerDigest, layer.length, "");
        HttpResponse<byte[]> missing = send("PUT", "/v2/images/shop/web/manifests/v1", manifest, "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(code(missing)).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(send("GET", "/v2/images/shop/web/manifests/v1", null).statusCode()).as("nothing recorded").isEqualTo(404);

        pushBlob("images/shop/web", layer);
        Digest digest = FakeRegistry.sha256(manifest);
        HttpResponse<byte[]> put = send("PUT", "/v2/images/shop/web/manifests/v1?tag=stable&tag=latest", manifest,
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "Docker-Content-Digest")).isEqualTo(digest.toString());
        assertThat(header(put, "Location")).isEqualTo("/v2/images/shop/web/manifests/" + digest);
        for (String reference : List.of("v1", "stable", "latest", digest.toString())) {
            HttpResponse<byte[]> get = send("GET", "/v2/images/shop/web/manifests/" + reference, null,
                    "Accept", MediaTypes.OCI_MANIFEST);
            assertThat(get.statusCode()).as(reference).isEqualTo(200);
            assertThat(get.body()).isEqualTo(manifest);
            assertThat(header(get, "Content-Type")).isEqualTo(MediaTypes.OCI_MANIFEST);
            assertThat(header(get, "Docker-Content-Digest")).isEqualTo(digest.toString());
        }
        HttpResponse<byte[]> refused = send("GET", "/v2/images/shop/web/manifests/v1", null, "Accept", MediaTypes.DOCKER_MANIFEST);
        assertThat(refused.statusCode()).as("a tag the client cannot read").isEqualTo(404);
        HttpResponse<byte[]> tags = send("GET", "/v2/images/shop/web/tags/list", null);
        assertThat(JSON.readTree(tags.body()).path("tags").toString()).isEqualTo("[\"latest\",\"stable\",\"v1\"]");
        HttpResponse<byte[]> page = send("GET", "/v2/images/shop/web/tags/list?n=2", null);
        assertThat(JSON.readTree(page.body()).path("tags").toString()).isEqualTo("[\"latest\",\"stable\"]");
        assertThat(header(page, "Link")).isEqualTo("</v2/images/shop/web/tags/list?n=2&last=stable>; rel=\"next\"");
    }

    @Test
    void invalidManifestsAreRefusedInRegistryJson() throws Exception {
        HttpResponse<byte[]> notJson = send("PUT", "/v2/images/bad/manifests/x", "nope".getBytes(StandardCharsets.UTF_8),
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(code(notJson)).isEqualTo("MANIFEST_INVALID");
        byte[] index = ("{\"schemaVersion\":2,\"manifests\":[" + descriptor(MediaTypes.OCI_MANIFEST,
                FakeRegistry.sha256(random(5, 8)), 5) + "]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> unknownChild = send("PUT", "/v2/images/bad/manifests/x", index, "Content-Type", MediaTypes.OCI_INDEX);
        assertThat(code(unknownChild)).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        byte[] big = new byte[5 << 20];
        HttpResponse<byte[]> tooLarge = send("PUT", "/v2/images/bad/manifests/x", big, "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        byte[] good = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> wrongDigest = send("PUT", "/v2/images/bad/manifests/" + FakeRegistry.sha256(random(3, 9)), good,
                "Content-Type", MediaTypes.OCI_INDEX);
        assertThat(code(wrongDigest)).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void tagsMoveDeletesRemoveAndDigestsStay() throws Exception {
        byte[] first = pushImage("images/move/app", "latest", 10);
        byte[] second = pushImage("images/move/app", "latest", 11);
        Digest firstDigest = FakeRegistry.sha256(first);
        assertThat(send("GET", "/v2/images/move/app/manifests/latest", null).body()).isEqualTo(second);
        assertThat(send("GET", "/v2/images/move/app/manifests/" + firstDigest, null).body()).isEqualTo(first);
        assertThat(send("DELETE", "/v2/images/move/app/manifests/latest", null).statusCode()).isEqualTo(202);
        assertThat(send("GET", "/v2/images/move/app/manifests/latest", null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v2/images/move/app/manifests/" + firstDigest, null).statusCode()).isEqualTo(202);
        assertThat(send("GET", "/v2/images/move/app/manifests/" + firstDigest, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v2/images/move/app/manifests/" + firstDigest, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v2/images/nothing/here/tags/list", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aBlobMountsFromAnotherRepositoryWhereItIsLinked() throws Exception {
        byte[] blob = random(2000, 12);
        Digest digest = pushBlob("images/source/app", blob);
        HttpResponse<byte[]> mounted = send("POST", "/v2/other/target/app/blobs/uploads/?mount=" + digest
                + "&from=images/source/app", null);
        assertThat(mounted.statusCode()).isEqualTo(201);
        assertThat(header(mounted, "Location")).isEqualTo("/v2/other/target/app/blobs/" + digest);
        assertThat(send("GET", "/v2/other/target/app/blobs/" + digest, null).body()).isEqualTo(blob);
        HttpResponse<byte[]> notThere = send("POST", "/v2/other/target/app/blobs/uploads/?mount="
                + FakeRegistry.sha256(random(5, 13)) + "&from=images/source/app", null);
        assertThat(notThere.statusCode()).as("falls back to an upload").isEqualTo(202);
        assertThat(header(notThere, "Location")).startsWith("/v2/other/target/app/blobs/uploads/");
        assertThat(send("GET", "/v2/other/unlinked/blobs/" + digest, null).statusCode())
                .as("a blob is served only from an image it was pushed or mounted to").isEqualTo(404);
        assertThat(send("DELETE", "/v2/other/target/app/blobs/" + digest, null).statusCode()).isEqualTo(202);
        assertThat(send("GET", "/v2/other/target/app/blobs/" + digest, null).statusCode()).isEqualTo(404);
    }

    @Test
    void referrersListWhatWasPushedWithASubject() throws Exception {
        byte[] subject = pushImage("images/signed/app", "v1", 20);
        Digest subjectDigest = FakeRegistry.sha256(subject);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        Digest emptyDigest = pushBlob("images/signed/app", empty);
        byte[] signature = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/vnd.example.signature\",\"config\":"
                + descriptor(MediaTypes.OCI_EMPTY, emptyDigest, 2) + ",\"layers\":[],\"subject\":"
                + descriptor(MediaTypes.OCI_MANIFEST, subjectDigest, subject.length)
                + ",\"annotations\":{\"org.example.signer\":\"ci\"}}").getBytes(StandardCharsets.UTF_8);
        Digest signatureDigest = FakeRegistry.sha256(signature);
        HttpResponse<byte[]> put = send("PUT", "/v2/images/signed/app/manifests/" + signatureDigest, signature,
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "OCI-Subject")).isEqualTo(subjectDigest.toString());

        HttpResponse<byte[]> list = send("GET", "/v2/images/signed/app/referrers/" + subjectDigest, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(header(list, "Content-Type")).isEqualTo(MediaTypes.OCI_INDEX);
        JsonNode manifests = JSON.readTree(list.body()).path("manifests");
        assertThat(manifests).hasSize(1);
        assertThat(manifests.path(0).path("digest").asText()).isEqualTo(signatureDigest.toString());
        assertThat(manifests.path(0).path("artifactType").asText()).isEqualTo("application/vnd.example.signature");
        assertThat(manifests.path(0).path("size").asLong()).isEqualTo(signature.length);
        assertThat(manifests.path(0).path("annotations").path("org.example.signer").asText()).isEqualTo("ci");

        HttpResponse<byte[]> filtered = send("GET", "/v2/images/signed/app/referrers/" + subjectDigest
                + "?artifactType=application/vnd.example.sbom", null);
        assertThat(header(filtered, "OCI-Filters-Applied")).isEqualTo("artifactType");
        assertThat(JSON.readTree(filtered.body()).path("manifests")).isEmpty();
        HttpResponse<byte[]> none = send("GET", "/v2/images/signed/app/referrers/" + FakeRegistry.sha256(random(4, 21)), null);
        assertThat(none.statusCode()).as("never 404 when the API is supported").isEqualTo(200);

        assertThat(send("DELETE", "/v2/images/signed/app/manifests/" + signatureDigest, null).statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(send("GET", "/v2/images/signed/app/referrers/" + subjectDigest, null).body())
                .path("manifests")).isEmpty();
    }

    @Test
    void theCatalogListsLocalImagesInPathMode() throws Exception {
        pushImage("other/catalog/one", "v1", 30);
        HttpResponse<byte[]> catalog = send("GET", "/v2/_catalog?n=1000", null);
        assertThat(catalog.statusCode()).isEqualTo(200);
        List<String> names = JSON.convertValue(JSON.readTree(catalog.body()).path("repositories"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(names).contains("other/catalog/one");
        assertThat(names).isSorted();
    }

    @Test
    void aVirtualReadsItsMembersInOrderAndPushesToDeployTo() throws Exception {
        byte[] remoteManifest = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
        upstream.manifest("library/mixed", "remote-only", MediaTypes.OCI_INDEX, remoteManifest);
        byte[] local = pushImage("images/library/mixed", "local-only", 40);

        assertThat(send("GET", "/v2/all/library/mixed/manifests/remote-only", null).body()).isEqualTo(remoteManifest);
        assertThat(send("GET", "/v2/all/library/mixed/manifests/local-only", null).body()).isEqualTo(local);
        JsonNode localManifest = JSON.readTree(local);
        String layer = localManifest.path("layers").path(0).path("digest").asText();
        HttpResponse<byte[]> blob = send("GET", "/v2/all/library/mixed/blobs/" + layer, null);
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(FakeRegistry.sha256(blob.body()).toString()).isEqualTo(layer);
        HttpResponse<byte[]> tags = send("GET", "/v2/all/library/mixed/tags/list", null);
        assertThat(JSON.readTree(tags.body()).path("tags").toString()).contains("local-only");

        byte[] pushed = pushImage("all/through/virtual", "v1", 41);
        assertThat(send("GET", "/v2/images/through/virtual/manifests/v1", null).body())
                .as("a push through the virtual lands in deployTo").isEqualTo(pushed);
        HttpResponse<byte[]> noDeploy = send("POST", "/v2/readonly/x/blobs/uploads/", null);
        assertThat(noDeploy.statusCode()).isEqualTo(405);
        assertThat(code(noDeploy)).isEqualTo("UNSUPPORTED");
    }

    @Test
    void aVirtualMirrorDefaultTakesPushesAndServesBothMembers() throws Exception {
        byte[] pushed = pushImage("mirror/app", "v1", 50);
        assertThat(send("GET", "/v2/images/mirror/app/manifests/v1", null).body()).isEqualTo(pushed);
        assertThat(send("GET", "/v2/mirror/app/manifests/v1", null).body()).isEqualTo(pushed);
        byte[] remote = "{\"schemaVersion\":2,\"manifests\":[],\"annotations\":{\"a\":\"b\"}}".getBytes(StandardCharsets.UTF_8);
        upstream.manifest("library/upstream-only", "v2", MediaTypes.OCI_INDEX, remote);
        assertThat(send("GET", "/v2/library/upstream-only/manifests/v2", null).body()).isEqualTo(remote);
    }

    @Test
    void remotesStayReadOnly() throws Exception {
        HttpResponse<byte[]> push = send("POST", "/v2/hub/x/blobs/uploads/", null);
        assertThat(push.statusCode()).isEqualTo(405);
        assertThat(code(push)).isEqualTo("UNSUPPORTED");
    }
}
