package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.testing.FakeRegistry;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Manifests of a Docker remote through an in-process Wharf, the defects real clients met each a test. */
@Timeout(60)
class DockerManifestsTest {
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final byte[] INDEX = json("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[]}");
    private static final byte[] SCHEMA2 = json("{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST
            + "\",\"config\":{},\"layers\":[]}");

    @TempDir
    Path dir;
    private final FakeRegistry registry = FakeRegistry.start();
    private InProcessWharf wharf;

    @AfterEach
    void tearDown() {
        if (wharf != null) {
            wharf.close();
        }
        registry.close();
    }

    private void start(String remoteOptions) {
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: hub, format: docker, type: remote, url: "%s"%s }
                """.formatted(registry.url(), remoteOptions.isEmpty() ? "" : ", " + remoteOptions));
    }

    /** The Accept lines skopeo, podman, buildah and dockerd send: one per media type. */
    private RawHttp.Response getAsGoClient(String path) {
        return RawHttp.get(wharf.port(), path, "Accept", OCI_MANIFEST, "Accept", OCI_INDEX, "Accept", DOCKER_MANIFEST,
                "Accept", DOCKER_LIST);
    }

    @Test
    void everyAcceptLineGoesUpstreamSoAMultiArchIndexIsServed() {
        registry.manifest("team/app", "v1", OCI_INDEX, INDEX);
        start("");
        RawHttp.Response response = getAsGoClient("/v2/hub/team/app/manifests/v1");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(INDEX);
        assertThat(response.header("Content-Type")).hasValue(OCI_INDEX);
        FakeRegistry.Seen get = registry.requests().stream().filter(s -> s.method().equals("GET")).findFirst().orElseThrow();
        assertThat(String.join(",", get.header("Accept"))).contains(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_LIST);
    }

    @Test
    void aCachedIndexIsNotGivenToAClientThatAdmitsOnlySchema2() {
        registry.manifest("team/app", "v1", OCI_INDEX, INDEX);
        start("");
        assertThat(getAsGoClient("/v2/hub/team/app/manifests/v1").status()).isEqualTo(200);
        RawHttp.Response narrow = RawHttp.get(wharf.port(), "/v2/hub/team/app/manifests/v1", "Accept", DOCKER_MANIFEST);
        assertThat(narrow.status()).as(narrow.toString()).isEqualTo(404);
        assertThat(narrow.text()).contains("MANIFEST_UNKNOWN");
        assertThat(getAsGoClient("/v2/hub/team/app/manifests/v1").body()).isEqualTo(INDEX);
    }

    @Test
    void zeroTtlsRevalidateEveryRequestAndStillServeStaleWhenTheUpstreamIsDown() {
        registry.manifest("team/app", "v1", DOCKER_MANIFEST, SCHEMA2);
        start("metadataTtl: 0s, negativeTtl: 0s");
        assertThat(getAsGoClient("/v2/hub/team/app/manifests/v1").status()).isEqualTo(200);
        RawHttp.Response missing = getAsGoClient("/v2/hub/team/app/manifests/nope");
        assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        registry.close();
        RawHttp.Response stale = getAsGoClient("/v2/hub/team/app/manifests/v1");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(SCHEMA2);
        assertThat(stale.header("Warning")).isPresent();
    }

    @Test
    void requestsAfterTheTtlShareOneRevalidation() throws Exception {
        registry.manifest("team/app", "v1", DOCKER_MANIFEST, SCHEMA2);
        // A ttl of 3 s: the 20 requests after it must all land within one ttl of the revalidation, even on a
        // loaded machine (with 1 s, a slow burst legitimately revalidated twice).
        start("metadataTtl: 3s");
        assertThat(getAsGoClient("/v2/hub/team/app/manifests/v1").status()).isEqualTo(200);
        Thread.sleep(3_200);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<RawHttp.Response>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(CompletableFuture.supplyAsync(() -> getAsGoClient("/v2/hub/team/app/manifests/v1"), clients));
            }
            for (CompletableFuture<RawHttp.Response> r : all) {
                assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(registry.count("HEAD", "/v2/team/app/manifests/v1")).as(registry.requests().toString()).isEqualTo(1);
    }

    @Test
    void aCachedManifestWhoseBlobIsGoneIsFetchedAgain() throws Exception {
        Digest digest = registry.manifest("team/app", "v1", DOCKER_MANIFEST, SCHEMA2);
        start("");
        assertThat(getAsGoClient("/v2/hub/team/app/manifests/v1").status()).isEqualTo(200);
        Files.delete(wharf.blobFile(digest));
        wharf.restart();
        RawHttp.Response again = getAsGoClient("/v2/hub/team/app/manifests/v1");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(SCHEMA2);
        assertThat(Files.exists(wharf.blobFile(digest))).isTrue();
    }

    @Test
    void anUpstream401IsANotFoundThatIsRememberedNotABasicChallenge() {
        registry.on("/v2/team/secret/manifests/v1", exchange -> {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
            FakeRegistry.send(exchange, 401, "application/json", json("{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}"));
        });
        start("negativeTtl: 1m");
        for (int i = 0; i < 2; i++) {
            RawHttp.Response response = getAsGoClient("/v2/hub/team/secret/manifests/v1");
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.text()).contains("MANIFEST_UNKNOWN");
            assertThat(response.header("WWW-Authenticate")).isEmpty();
        }
        assertThat(registry.count("GET", "/v2/team/secret/manifests/v1")).isEqualTo(1);
    }

    @Test
    void aSchema1ManifestIsAClearErrorAndNotCached() {
        registry.manifest("team/old", "v1", "application/vnd.docker.distribution.manifest.v1+prettyjws",
                json("{\"schemaVersion\":1,\"name\":\"team/old\",\"tag\":\"v1\",\"fsLayers\":[]}"));
        start("");
        RawHttp.Response response = RawHttp.get(wharf.port(), "/v2/hub/team/old/manifests/v1", "Accept", "*/*");
        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.text()).contains("schema 1");
    }

    @Test
    void aMediaTypeThatCannotBeAHeaderIsA502AndNotCached() {
        registry.manifest("team/bad", "v1", "application/json",
                json("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\\r\\nX-Evil: 1\"}"));
        registry.manifest("team/long", "v1", "application/json",
                json("{\"schemaVersion\":2,\"mediaType\":\"application/" + "x".repeat(2000) + "\"}"));
        start("");
        for (String image : List.of("team/bad", "team/long")) {
            for (int i = 0; i < 2; i++) {
                RawHttp.Response response = RawHttp.get(wharf.port(), "/v2/hub/" + image + "/manifests/v1", "Accept", "*/*");
                assertThat(response.status()).as(response.toString()).isEqualTo(502);
                assertThat(response.text()).contains("media type");
            }
            assertThat(registry.count("GET", "/v2/" + image + "/manifests/v1")).as("not cached").isEqualTo(2);
        }
    }

    @Test
    void aManifestOverTheSizeLimitIsA502() {
        registry.manifest("team/huge", "v1", DOCKER_MANIFEST, json("{\"schemaVersion\":2,\"pad\":\"" + "x".repeat(5000) + "\"}"));
        wharf = InProcessWharf.start(dir, """
                server: { port: 0, bindAddress: 127.0.0.1, limits: { maxManifestBytes: 4096 } }
                repositories:
                  - { key: hub, format: docker, type: remote, url: "%s" }
                """.formatted(registry.url()));
        RawHttp.Response response = getAsGoClient("/v2/hub/team/huge/manifests/v1");
        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.text()).contains("larger than 4096");
    }

    @Test
    void aHeadIsAnsweredFromMetadataAndAnIndexFetchedByHeadIsKept() {
        Digest digest = registry.manifest("team/app", "v1", OCI_INDEX, INDEX);
        start("");
        RawHttp.Response head = RawHttp.send(wharf.port(), "HEAD", "/v2/hub/team/app/manifests/v1",
                List.<String[]>of(new String[] {"Accept", OCI_INDEX}), Duration.ofSeconds(10));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(head.header("Content-Length")).hasValue(Integer.toString(INDEX.length));
        registry.close();
        RawHttp.Response get = RawHttp.get(wharf.port(), "/v2/hub/team/app/manifests/" + digest, "Accept", OCI_INDEX);
        assertThat(get.status()).as(get.toString()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(INDEX);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
