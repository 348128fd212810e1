package dev.wharf.e2e.conformance;

import static dev.wharf.e2e.conformance.RegistryErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.JsonArrays;
import dev.wharf.e2e.support.PseudoRandomBytes;
import dev.wharf.e2e.support.RegistryClient;
import dev.wharf.e2e.support.RegistryMediaTypes;
import dev.wharf.e2e.support.RegistryTarget;
import dev.wharf.e2e.support.RegistryTargets;
import dev.wharf.e2e.support.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workflows of the OCI distribution-spec (spec.md, 1.1), written from its text: every MUST of Pull, Push,
 * Content Discovery and Content Management has a test named after it, with its section in a comment. It runs
 * against the target {@link RegistryTarget} selects ({@code -Dwharf.conformance.target=reference} for the CNCF
 * distribution registry, else Wharf's docker local repository), one registry for the whole class, each test
 * in a repository of its own. The referrers API (1.1) and {@code ?tag=} pushes (1.2 draft) are Wharf-only:
 * distribution 2.8 predates them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OciConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCTETS = "application/octet-stream";

    @RegisterExtension
    static final RegistryTargets TARGETS = new RegistryTargets();
    static RegistryTarget target;
    static RegistryClient client;
    static Pushes pushes;

    @BeforeAll
    static void connect() {
        target = TARGETS.target();
        client = new RegistryClient(target.url());
        pushes = new Pushes(client);
    }

    /** The repository of one test: {@code conformance/<name>}, under the repo key on Wharf. */
    static String repo(String name) {
        return target.repository("conformance/" + name);
    }

    static String manifests(String repository, String reference) {
        return client.v2(repository + "/manifests/" + reference);
    }

    static String blobs(String repository, String digest) {
        return client.v2(repository + "/blobs/" + digest);
    }

    /**
     * Skips the rest of a test whose registry broke a MUST in a way distribution 2.8 is known to, on the reference
     * target only (the deviations are listed in the suite's report); on Wharf a deviation is never excused.
     */
    static void referenceDeviation(boolean deviates, String what) {
        assumeFalse(target.isReference() && deviates, "distribution 2.8 deviates from spec.md: " + what);
    }

    static JsonNode json(HttpProbe.Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + reply, e);
        }
    }

    /** spec.md §Workflow Categories, Pull. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Pull {
        private final String repository = repo("pull/app");
        private final TestManifest image = TestManifest.image(101, 4096);

        @BeforeAll
        void push() {
            pushes.image(repository, "v1", image);
        }

        @Test
        void theApiVersionCheckIs200() {
            // §Determining Support: a 200 on /v2/ means the registry implements the spec.
            HttpProbe.Reply ping = client.send("GET", client.v2(""));
            assertThat(ping.status()).as(ping.toString()).isEqualTo(200);
        }

        @Test
        void aManifestByTagIs200WithTheExpectedManifest() {
            // §Pulling manifests: a GET of an existing manifest MUST give it with 200; Content-Type is what was pushed.
            HttpProbe.Reply got = client.send("GET", manifests(repository, "v1"), "Accept", RegistryMediaTypes.ACCEPT_ANY_MANIFEST);
            assertThat(got.status()).as(got.toString()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(image.bytes());
            assertThat(got.header("Content-Type")).hasValue(image.mediaType());
            // Docker-Content-Digest, when present, MUST match the returned manifest.
            got.header("Docker-Content-Digest").ifPresent(digest -> assertThat(digest).isEqualTo(image.digest()));
        }

        @Test
        void aManifestByDigestIs200WithTheExpectedManifest() {
            // §Pulling manifests: <reference> MUST be a digest or a tag.
            HttpProbe.Reply got = client.send("GET", manifests(repository, image.digest()), "Accept", RegistryMediaTypes.OCI_MANIFEST);
            assertThat(got.status()).as(got.toString()).isEqualTo(200);
            assertThat(got.digest()).isEqualTo(image.digest());
            assertThat(got.header("Content-Type")).hasValue(image.mediaType());
            got.header("Docker-Content-Digest").ifPresent(digest -> assertThat(digest).isEqualTo(image.digest()));
        }

        @Test
        void anUnknownManifestIs404() {
            // §Pulling manifests: a manifest not found in the repository MUST be a 404.
            assertError(client.send("GET", manifests(repository, "no-such-tag"), "Accept", RegistryMediaTypes.OCI_MANIFEST),
                    404, "MANIFEST_UNKNOWN");
            String absent = Sha256.of("no manifest has these bytes".getBytes(StandardCharsets.UTF_8));
            assertError(client.send("GET", manifests(repository, absent), "Accept", RegistryMediaTypes.OCI_MANIFEST),
                    404, "MANIFEST_UNKNOWN");
        }

        @Test
        void aManifestOfANonexistentRepositoryIs404() {
            // §Pushing Manifests: an attempt to pull a nonexistent repository MUST return 404.
            HttpProbe.Reply got = client.send("GET", manifests(repo("pull/never-pushed"), "v1"), "Accept", RegistryMediaTypes.OCI_MANIFEST);
            assertThat(got.status()).as(got.toString()).isEqualTo(404);
            assertThat(RegistryErrors.codes(got)).as(got.toString()).containsAnyOf("NAME_UNKNOWN", "MANIFEST_UNKNOWN");
        }

        @Test
        void aBlobIs200WithTheExpectedBytes() {
            // §Pulling blobs: a GET of an existing blob MUST give it with 200; Docker-Content-Digest, if present, MUST match the body.
            HttpProbe.Reply got = client.send("GET", blobs(repository, Sha256.of(image.layer())));
            assertThat(got.status()).as(got.toString()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(image.layer());
            got.header("Docker-Content-Digest").ifPresent(digest -> assertThat(digest).isEqualTo(got.digest()));
        }

        @Test
        void anUnknownBlobIs404() {
            // §Pulling blobs: a blob not found in the repository MUST be a 404.
            String absent = Sha256.of("no blob has these bytes".getBytes(StandardCharsets.UTF_8));
            assertError(client.send("GET", blobs(repository, absent)), 404, "BLOB_UNKNOWN");
        }

        @Test
        void aHeadOfAnExistingManifestIs200WithItsDigestAndLength() {
            // §Checking if content exists: HEAD MUST be 200; Docker-Content-Digest and Content-Length SHOULD be there.
            for (String reference : List.of("v1", image.digest())) {
                HttpProbe.Reply head = client.send("HEAD", manifests(repository, reference), "Accept", RegistryMediaTypes.OCI_MANIFEST);
                assertThat(head.status()).as(head.toString()).isEqualTo(200);
                assertThat(head.body()).isEmpty();
                assertThat(head.header("Docker-Content-Digest")).hasValue(image.digest());
                assertThat(head.header("Content-Length")).hasValue(String.valueOf(image.bytes().length));
                assertThat(head.header("Content-Type")).hasValue(image.mediaType());
            }
        }

        @Test
        void aHeadOfAnExistingBlobIs200WithItsDigestAndLength() {
            // §Checking if content exists: HEAD MUST be 200.
            String digest = Sha256.of(image.layer());
            HttpProbe.Reply head = client.send("HEAD", blobs(repository, digest));
            assertThat(head.status()).as(head.toString()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.header("Docker-Content-Digest")).hasValue(digest);
            assertThat(head.header("Content-Length")).hasValue(String.valueOf(image.layer().length));
        }

        @Test
        void aHeadOfMissingContentIs404() {
            // §Checking if content exists: a HEAD of a missing blob or manifest MUST be 404.
            String absent = Sha256.of("nothing here".getBytes(StandardCharsets.UTF_8));
            assertThat(client.send("HEAD", blobs(repository, absent)).status()).isEqualTo(404);
            assertThat(client.send("HEAD", manifests(repository, "no-such-tag")).status()).isEqualTo(404);
            assertThat(client.send("HEAD", manifests(repository, absent)).status()).isEqualTo(404);
        }
    }

    /** spec.md §Workflow Categories, Push. */
    @Nested
    class Push {
        @Test
        void aPostForAnUploadIs202WithALocationHoldingAUuid() {
            // §POST then PUT: 202 Accepted with a Location that MUST contain a UUID.
            HttpProbe.Reply started = client.send("POST", client.v2(repo("push/post") + "/blobs/uploads/"), new byte[0]);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            assertThat(started.header("Location")).as(started.toString()).hasValueSatisfying(location ->
                    assertThat(location).containsPattern("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"));
        }

        @Test
        void aPutOfTheWholeBlobToTheLocationIs201WithAPullableLocation() {
            // §POST then PUT: PUT <location>?digest= MUST be 201 with Location: <blob-location>, a pullable blob URL.
            String repository = repo("push/post-put");
            byte[] blob = PseudoRandomBytes.array(201, 10_000);
            HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(pushes.startUpload(repository), "digest", Sha256.of(blob)),
                    blob, "Content-Type", OCTETS);
            assertThat(done.status()).as(done.toString()).isEqualTo(201);
            assertPullable(done, blob);
        }

        @Test
        void aSinglePostWithTheDigestIs201WithAPullableLocationOr202ToGoOn() {
            // §Single POST: MAY be supported (201 with Location MUST); a registry that does not SHOULD answer 202 and a Location.
            String repository = repo("push/single-post");
            byte[] blob = PseudoRandomBytes.array(202, 10_000);
            String digest = Sha256.of(blob);
            HttpProbe.Reply posted = client.send("POST", RegistryClient.withQuery(client.v2(repository + "/blobs/uploads/"), "digest", digest),
                    blob, "Content-Type", OCTETS);
            assertThat(posted.status()).as(posted.toString()).isIn(201, 202);
            HttpProbe.Reply created = posted;
            if (posted.status() == 202) {
                String location = client.resolve(posted.header("Location").orElseThrow(() -> new AssertionError("no Location: " + posted)));
                created = client.send("PUT", RegistryClient.withQuery(location, "digest", digest), blob, "Content-Type", OCTETS);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
            }
            assertPullable(created, blob);
        }

        @Test
        void aSinglePostWithTheWrongDigestIsRejectedWithDigestInvalid() {
            // §Single POST: the <digest> MUST match the blob's; a registry taking single POSTs refuses a mismatch
            // (end-4b fails with 400, code-4); one that does not take them SHOULD start a session instead (202).
            String repository = repo("push/single-post-wrong-digest");
            byte[] blob = PseudoRandomBytes.array(221, 10_000);
            String claimed = Sha256.of(PseudoRandomBytes.array(222, 10_000));
            HttpProbe.Reply posted = client.send("POST", RegistryClient.withQuery(client.v2(repository + "/blobs/uploads/"), "digest", claimed),
                    blob, "Content-Type", OCTETS);
            assertThat(posted.status()).as(posted.toString()).isIn(202, 400);
            if (posted.status() == 400) {
                assertError(posted, 400, "DIGEST_INVALID");
            }
            assertThat(client.send("HEAD", blobs(repository, claimed)).status()).isEqualTo(404);
        }

        @Test
        void chunksInOrderAre202WithLocationAndRangeAndThePutIs201() {
            // §Pushing a blob in chunks: the POST has Content-Length: 0; each chunk MUST get 202 with Location and
            // Range: 0-<end-of-range>; the session MUST be closed with a PUT, which MUST be 201 with Location.
            String repository = repo("push/chunked");
            byte[] blob = PseudoRandomBytes.array(203, 30_000);
            String location = pushes.startUpload(repository);
            location = patch(location, blob, 0, 10_000);
            location = patch(location, blob, 10_000, 30_000);
            HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(location, "digest", Sha256.of(blob)), new byte[0]);
            assertThat(done.status()).as(done.toString()).isEqualTo(201);
            assertPullable(done, blob);
        }

        @Test
        void theFinalChunkMayComeWithTheClosingPut() {
            // §Pushing a blob in chunks: the final chunk MAY be uploaded in the closing PUT, with the digest of the whole blob.
            String repository = repo("push/final-chunk-in-put");
            byte[] blob = PseudoRandomBytes.array(204, 20_000);
            String location = patch(pushes.startUpload(repository), blob, 0, 12_000);
            HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(location, "digest", Sha256.of(blob)),
                    Arrays.copyOfRange(blob, 12_000, 20_000), "Content-Type", OCTETS, "Content-Range", "12000-19999");
            assertThat(done.status()).as(done.toString()).isEqualTo(201);
            assertPullable(done, blob);
        }

        @Test
        void aChunkOutOfOrderIs416() {
            // §Pushing a blob in chunks: chunks MUST be uploaded in order; one out of order MUST be answered 416.
            String repository = repo("push/out-of-order");
            byte[] blob = PseudoRandomBytes.array(205, 30_000);
            String location = patch(pushes.startUpload(repository), blob, 0, 10_000);
            HttpProbe.Reply gap = client.send("PATCH", location, Arrays.copyOfRange(blob, 20_000, 30_000),
                    "Content-Type", OCTETS, "Content-Range", "20000-29999");
            referenceDeviation(gap.status() == 202, "it appends a chunk whatever its Content-Range says");
            assertThat(gap.status()).as(gap.toString()).isEqualTo(416);
            HttpProbe.Reply overlap = client.send("PATCH", location, Arrays.copyOfRange(blob, 5_000, 15_000),
                    "Content-Type", OCTETS, "Content-Range", "5000-14999");
            assertThat(overlap.status()).as(overlap.toString()).isEqualTo(416);
            // The first chunk's range MUST begin with 0.
            HttpProbe.Reply notFirst = client.send("PATCH", pushes.startUpload(repository), Arrays.copyOfRange(blob, 100, 200),
                    "Content-Type", OCTETS, "Content-Range", "100-199");
            assertThat(notFirst.status()).as(notFirst.toString()).isEqualTo(416);
        }

        @Test
        void theStatusOfAnUploadIs204WithLocationAndRange() {
            // §Pushing a blob in chunks: GET <location> of an active upload MUST be 204 with Location and Range: 0-<end>.
            String repository = repo("push/status");
            byte[] blob = PseudoRandomBytes.array(206, 10_000);
            String location = patch(pushes.startUpload(repository), blob, 0, 7_000);
            HttpProbe.Reply status = client.send("GET", location);
            assertThat(status.status()).as(status.toString()).isEqualTo(204);
            assertThat(status.header("Range")).as(status.toString()).hasValue("0-6999");
            assertThat(status.header("Location")).as(status.toString()).isPresent();
        }

        @Test
        void anUploadResumesAfterA416FromTheOffsetItsStatusGives() {
            // §Pushing a blob in chunks: after a 416, a GET gives the current offset and location; the upload goes on from there.
            String repository = repo("push/resume");
            byte[] blob = PseudoRandomBytes.array(207, 30_000);
            String location = patch(pushes.startUpload(repository), blob, 0, 10_000);
            HttpProbe.Reply gap = client.send("PATCH", location, Arrays.copyOfRange(blob, 20_000, 30_000),
                    "Content-Type", OCTETS, "Content-Range", "20000-29999");
            referenceDeviation(gap.status() == 202, "it appends a chunk whatever its Content-Range says");
            assertThat(gap.status()).as(gap.toString()).isEqualTo(416);
            HttpProbe.Reply status = client.send("GET", location);
            assertThat(status.status()).as(status.toString()).isEqualTo(204);
            String range = status.header("Range").orElseThrow(() -> new AssertionError("no Range: " + status));
            int next = Integer.parseInt(range.substring(range.indexOf('-') + 1)) + 1;
            assertThat(next).isEqualTo(10_000);
            location = patch(client.resolve(status.header("Location").orElseThrow()), blob, next, 30_000);
            HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(location, "digest", Sha256.of(blob)), new byte[0]);
            assertThat(done.status()).as(done.toString()).isEqualTo(201);
            assertPullable(done, blob);
        }

        @Test
        void aPatchWithoutContentRangeAppendsItsStreamedBody() {
            // end-5 as docker sends it: a PATCH with a chunked body and no Content-Range appends at the current offset.
            String repository = repo("push/streamed-patch");
            byte[] blob = PseudoRandomBytes.array(208, 50_000);
            String location = pushes.startUpload(repository);
            for (int[] chunk : new int[][] {{0, 20_000}, {20_000, 50_000}}) {
                HttpProbe.Reply patched = client.sendChunked("PATCH", location,
                        () -> new ByteArrayInputStream(blob, chunk[0], chunk[1] - chunk[0]), "Content-Type", OCTETS);
                assertThat(patched.status()).as(patched.toString()).isEqualTo(202);
                assertThat(patched.header("Range")).as(patched.toString()).hasValue("0-" + (chunk[1] - 1));
                location = client.resolve(patched.header("Location").orElseThrow(() -> new AssertionError("no Location: " + patched)));
            }
            HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(location, "digest", Sha256.of(blob)), new byte[0]);
            assertThat(done.status()).as(done.toString()).isEqualTo(201);
            assertPullable(done, blob);
        }

        @Test
        void aCancelledUploadIs204AndThenUnknown() {
            // detail.md §Canceling an Upload (issue 8): DELETE <location> is 204; the upload is then BLOB_UPLOAD_UNKNOWN (404).
            String repository = repo("push/cancel");
            byte[] blob = PseudoRandomBytes.array(209, 10_000);
            String location = patch(pushes.startUpload(repository), blob, 0, 10_000);
            HttpProbe.Reply cancelled = client.send("DELETE", location);
            assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(204);
            assertError(client.send("GET", location), 404, "BLOB_UPLOAD_UNKNOWN");
            assertError(client.send("PUT", RegistryClient.withQuery(location, "digest", Sha256.of(blob)), new byte[0]),
                    404, "BLOB_UPLOAD_UNKNOWN");
        }

        @Test
        void aCloseWithTheWrongDigestIs400DigestInvalid() {
            // end-6 fails with 400; code-4 DIGEST_INVALID: the digest did not match the uploaded content. Nothing is stored.
            String repository = repo("push/wrong-digest");
            byte[] blob = PseudoRandomBytes.array(210, 10_000);
            String claimed = Sha256.of(PseudoRandomBytes.array(211, 10_000));
            HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(pushes.startUpload(repository), "digest", claimed),
                    blob, "Content-Type", OCTETS);
            assertError(done, 400, "DIGEST_INVALID");
            assertThat(client.send("HEAD", blobs(repository, claimed)).status()).isEqualTo(404);
        }

        @Test
        void aMountOfABlobFromAnotherRepositoryIs201WithAPullableLocation() {
            // §Mounting a blob from another repository: a successful mount MUST be 201 with Location.
            byte[] blob = PseudoRandomBytes.array(212, 10_000);
            String digest = pushes.blob(repo("push/mount-source"), blob);
            String query = "?mount=" + digest + "&from=" + repo("push/mount-source");
            HttpProbe.Reply mounted = client.send("POST", client.v2(repo("push/mount-target") + "/blobs/uploads/" + query), new byte[0]);
            assertThat(mounted.status()).as(mounted.toString()).isEqualTo(201);
            assertPullable(mounted, blob);
            assertThat(client.send("GET", blobs(repo("push/mount-target"), digest)).body()).isEqualTo(blob);
        }

        @Test
        void aMountWithoutFromIsAMountOfAStoredBlobOrAnUpload() {
            // §Mounting a blob: the registry MAY treat from as optional and cross-mount a blob it finds (201 with a
            // pullable Location), else it SHOULD start an upload (202).
            byte[] blob = PseudoRandomBytes.array(223, 10_000);
            String digest = pushes.blob(repo("push/mount-anywhere-source"), blob);
            HttpProbe.Reply mounted = client.send("POST", client.v2(repo("push/mount-anywhere") + "/blobs/uploads/?mount=" + digest),
                    new byte[0]);
            assertThat(mounted.status()).as(mounted.toString()).isIn(201, 202);
            assertThat(mounted.header("Location")).as(mounted.toString()).isPresent();
            if (mounted.status() == 201) {
                assertPullable(mounted, blob);
            }
        }

        @Test
        void aMountOfAnUnknownBlobFallsBackTo202AndAnUpload() {
            // §Mounting a blob: a registry unable to mount SHOULD answer 202, and the client MAY go on with the upload.
            byte[] blob = PseudoRandomBytes.array(213, 10_000);
            String digest = Sha256.of(blob);
            String repository = repo("push/mount-fallback");
            String query = "?mount=" + digest + "&from=" + repo("push/mount-nowhere");
            HttpProbe.Reply started = client.send("POST", client.v2(repository + "/blobs/uploads/" + query), new byte[0]);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            String location = client.resolve(started.header("Location").orElseThrow(() -> new AssertionError("no Location: " + started)));
            HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(location, "digest", digest), blob, "Content-Type", OCTETS);
            assertThat(done.status()).as(done.toString()).isEqualTo(201);
            assertPullable(done, blob);
        }

        @Test
        void aManifestPushedByTagIs201WithALocationAndTheClientsDigest() {
            // §Pushing Manifests: 201 with Location (a pullable manifest URL); Docker-Content-Digest MUST equal the client's digest.
            String repository = repo("push/manifest-by-tag");
            TestManifest image = TestManifest.image(214, 2048);
            image.blobs().forEach(blob -> pushes.blob(repository, blob));
            HttpProbe.Reply put = pushes.manifest(repository, "v1", image);
            assertThat(put.status()).as(put.toString()).isEqualTo(201);
            assertThat(put.header("Docker-Content-Digest")).hasValue(image.digest());
            String location = client.resolve(put.header("Location").orElseThrow(() -> new AssertionError("no Location: " + put)));
            HttpProbe.Reply pulled = client.send("GET", location, "Accept", image.mediaType());
            assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
            assertThat(pulled.body()).isEqualTo(image.bytes());
        }

        @Test
        void aManifestPushedByDigestIs201AndPullableByThatDigest() {
            // §Pushing Manifests: <reference> MUST be a digest or a tag.
            String repository = repo("push/manifest-by-digest");
            TestManifest image = TestManifest.image(215, 2048);
            image.blobs().forEach(blob -> pushes.blob(repository, blob));
            HttpProbe.Reply put = pushes.manifest(repository, image.digest(), image);
            assertThat(put.status()).as(put.toString()).isEqualTo(201);
            assertThat(put.header("Docker-Content-Digest")).hasValue(image.digest());
            String location = client.resolve(put.header("Location").orElseThrow(() -> new AssertionError("no Location: " + put)));
            assertThat(client.send("GET", location, "Accept", image.mediaType()).body()).isEqualTo(image.bytes());
            assertThat(client.send("GET", manifests(repository, image.digest()), "Accept", image.mediaType()).body()).isEqualTo(image.bytes());
        }

        @Test
        void theRegistryStoresTheManifestInItsExactBytes() {
            // §Pushing Manifests: the registry MUST store the manifest in the exact byte representation provided.
            String repository = repo("push/exact-bytes");
            TestManifest compact = TestManifest.image(216, 2048);
            compact.blobs().forEach(blob -> pushes.blob(repository, blob));
            // Whitespace a JSON re-encoding would drop: only the very bytes keep the digest the client computed.
            String spaced = "  " + new String(compact.bytes(), StandardCharsets.UTF_8).replace(",", ",\n    ") + "\n";
            TestManifest pretty = new TestManifest(compact.mediaType(), spaced.getBytes(StandardCharsets.UTF_8), compact.blobs());
            HttpProbe.Reply put = pushes.manifest(repository, "pretty", pretty);
            assertThat(put.status()).as(put.toString()).isEqualTo(201);
            HttpProbe.Reply pulled = client.send("GET", manifests(repository, "pretty"), "Accept", pretty.mediaType());
            assertThat(pulled.body()).isEqualTo(pretty.bytes());
            assertThat(pulled.header("Docker-Content-Digest")).hasValue(pretty.digest());
        }

        @Test
        void aManifestReferencingAMissingBlobIsRejectedWithManifestBlobUnknown() {
            // §Push: a registry MAY reject such a manifest; when it does, it MUST answer MANIFEST_BLOB_UNKNOWN.
            String repository = repo("push/missing-blob");
            TestManifest image = TestManifest.image(217, 2048);
            image.blobs().forEach(blob -> pushes.blob(repository, blob));
            HttpProbe.Reply put = pushes.manifest(repository, "v1", image.withMissingLayer(218));
            assertError(put, 400, "MANIFEST_BLOB_UNKNOWN");
            assertThat(client.send("GET", manifests(repository, "v1"), "Accept", image.mediaType()).status()).isEqualTo(404);
        }

        @Test
        void aManifestThatIsNotJsonIsRejectedWithManifestInvalid() {
            // code-6 MANIFEST_INVALID: the manifest is invalid.
            String repository = repo("push/not-json");
            TestManifest broken = new TestManifest(RegistryMediaTypes.OCI_MANIFEST,
                    "{\"schemaVersion\": 2, \"mediaType\": \"".getBytes(StandardCharsets.UTF_8), List.of());
            assertError(pushes.manifest(repository, "v1", broken), 400, "MANIFEST_INVALID");
        }

        @Test
        void aManifestWithASubjectThatDoesNotExistIsAccepted() {
            // §Push: a registry MUST initially accept an otherwise valid manifest whose subject does not exist.
            String repository = repo("push/dangling-subject");
            TestManifest absent = TestManifest.image(219, 1024);
            TestManifest referrer = TestManifest.artifact("application/vnd.example.sbom.v1", TestManifest.EMPTY_CONFIG, Map.of(),
                    absent.descriptor());
            referrer.blobs().forEach(blob -> pushes.blob(repository, blob));
            HttpProbe.Reply put = pushes.manifest(repository, referrer.digest(), referrer);
            assertThat(put.status()).as(put.toString()).isEqualTo(201);
        }

        @Test
        void aManifestPushedByDigestWithTagParametersIsTaggedWithEach() {
            // spec.md 1.2 draft, §Pushing Manifests: PUT <digest>?tag=<a>&tag=<b> tags the manifest with every tag given.
            assumeFalse(target.isReference(), "distribution 2.8 predates the ?tag= parameters of manifest pushes");
            String repository = repo("push/tag-parameters");
            TestManifest image = TestManifest.image(220, 1024);
            image.blobs().forEach(blob -> pushes.blob(repository, blob));
            HttpProbe.Reply put = client.send("PUT", manifests(repository, image.digest()) + "?tag=first&tag=second", image.bytes(),
                    "Content-Type", image.mediaType());
            assertThat(put.status()).as(put.toString()).isEqualTo(201);
            for (String tag : List.of("first", "second")) {
                HttpProbe.Reply pulled = client.send("GET", manifests(repository, tag), "Accept", image.mediaType());
                assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
                assertThat(pulled.digest()).isEqualTo(image.digest());
            }
        }

        /** PATCHes {@code blob[from, to)} with its Content-Range, expecting 202 and the new Range; the next location. */
        private String patch(String location, byte[] blob, int from, int to) {
            HttpProbe.Reply patched = client.send("PATCH", location, Arrays.copyOfRange(blob, from, to),
                    "Content-Type", OCTETS, "Content-Range", from + "-" + (to - 1));
            assertThat(patched.status()).as(patched.toString()).isEqualTo(202);
            assertThat(patched.header("Range")).as(patched.toString()).hasValue("0-" + (to - 1));
            return client.resolve(patched.header("Location").orElseThrow(() -> new AssertionError("no Location: " + patched)));
        }

        /** The reply's Location is a pullable blob URL whose GET gives exactly {@code blob}. */
        private void assertPullable(HttpProbe.Reply created, byte[] blob) {
            String location = created.header("Location").orElseThrow(() -> new AssertionError("no Location: " + created));
            HttpProbe.Reply pulled = client.send("GET", client.resolve(location));
            assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
            assertThat(pulled.digest()).isEqualTo(Sha256.of(blob));
        }
    }

    /** spec.md §Workflow Categories, Content Discovery: listing tags. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ContentDiscovery {
        // Lower case only: the spec's "lexical (case-insensitive)" order and byte order then agree.
        private final List<String> tags = List.of("alpha", "beta", "delta", "gamma", "omega");
        private final String repository = repo("discovery/app");

        @BeforeAll
        void push() {
            TestManifest image = TestManifest.image(301, 1024);
            image.blobs().forEach(blob -> pushes.blob(repository, blob));
            // Pushed out of order, so that a registry listing by push time fails.
            for (String tag : List.of("gamma", "alpha", "omega", "beta", "delta")) {
                HttpProbe.Reply put = pushes.manifest(repository, tag, image);
                assertThat(put.status()).as(put.toString()).isEqualTo(201);
            }
        }

        @Test
        void theTagListIs200WithTheNameAndEveryTagInLexicalOrder() {
            // §Listing Tags: MUST be 200 with {"name": <name>, "tags": [...]}, the tags in lexical order.
            HttpProbe.Reply listed = client.send("GET", client.v2(repository + "/tags/list"));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            JsonNode body = json(listed);
            assertThat(body.path("name").asText()).isEqualTo(repository);
            List<String> listedTags = JsonArrays.texts(body.path("tags"));
            assertThat(listedTags).containsExactlyInAnyOrderElementsOf(tags);
            referenceDeviation(!listedTags.equals(tags), "it lists tags in storage order, not lexical order");
            assertThat(listedTags).isEqualTo(tags);
        }

        @Test
        void aTagListOfNIsTheFirstNTagsAndItsLinkFollowsRfc5988() {
            // §Listing Tags: n MUST give <int> results (fewer only at the end or with a Link); a Link MUST have rel="next".
            HttpProbe.Reply page = client.send("GET", client.v2(repository + "/tags/list?n=2"));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            referenceDeviation(json(page).path("tags").size() == tags.size(), "it ignores n");
            assertThat(JsonArrays.texts(json(page).path("tags"))).isEqualTo(tags.subList(0, 2));
            if (page.header("Link").isPresent()) {
                String link = page.header("Link").get();
                assertThat(link).matches("<[^>]+>; *rel=\"next\"");
                HttpProbe.Reply next = client.send("GET", client.resolve(link.substring(1, link.indexOf('>'))));
                assertThat(next.status()).as(next.toString()).isEqualTo(200);
                assertThat(JsonArrays.texts(json(next).path("tags"))).isEqualTo(tags.subList(2, 4));
            }
        }

        @Test
        void aTagListAfterLastStartsAfterThatTag() {
            // §Listing Tags: up to <int> tags after <tagname>, not including it; with last, n is OPTIONAL.
            HttpProbe.Reply page = client.send("GET", client.v2(repository + "/tags/list?n=2&last=beta"));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            referenceDeviation(json(page).path("tags").size() == tags.size(), "it ignores n and last");
            assertThat(JsonArrays.texts(json(page).path("tags"))).isEqualTo(List.of("delta", "gamma"));
            HttpProbe.Reply rest = client.send("GET", client.v2(repository + "/tags/list?last=delta"));
            assertThat(rest.status()).as(rest.toString()).isEqualTo(200);
            assertThat(JsonArrays.texts(json(rest).path("tags"))).isEqualTo(List.of("gamma", "omega"));
        }

        @Test
        void aTagListOfZeroIsEmptyWithoutALink() {
            // §Listing Tags: when n is zero, MUST return an empty list and MUST NOT include a Link header.
            HttpProbe.Reply page = client.send("GET", client.v2(repository + "/tags/list?n=0"));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            referenceDeviation(json(page).path("tags").size() == tags.size(), "it ignores n, even n=0");
            assertThat(JsonArrays.texts(json(page).path("tags"))).isEmpty();
            assertThat(page.header("Link")).isEmpty();
        }

        @Test
        void aTagListOfANonexistentRepositoryIs404() {
            // end-8a fails with 404 (NAME_UNKNOWN) for a repository that is not found.
            assertError(client.send("GET", client.v2(repo("discovery/never-pushed") + "/tags/list")), 404, "NAME_UNKNOWN");
        }
    }

    /** spec.md §Listing Referrers and §Pushing Manifests with Subject (1.1): Wharf only, distribution 2.8 has no referrers API. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Referrers {
        private static final String SBOM = "application/vnd.example.sbom.v1";
        private static final String SIGNATURE_CONFIG = "application/vnd.example.signature.config.v1+json";
        private final String repository = repo("referrers/app");
        private final TestManifest subject = TestManifest.image(401, 1024);
        private final TestManifest sbom = TestManifest.artifact(SBOM, TestManifest.EMPTY_CONFIG,
                Map.of("org.example.sbom.format", "json"), subject.descriptor());
        private final TestManifest signature = TestManifest.artifact(null, SIGNATURE_CONFIG,
                Map.of("org.example.signature.fingerprint", "abcd"), subject.descriptor());
        private HttpProbe.Reply sbomPut;

        @BeforeAll
        void push() {
            if (target.isReference()) {
                return;
            }
            pushes.image(repository, "v1", subject);
            sbom.blobs().forEach(blob -> pushes.blob(repository, blob));
            sbomPut = pushes.manifest(repository, sbom.digest(), sbom);
            signature.blobs().forEach(blob -> pushes.blob(repository, blob));
            HttpProbe.Reply put = pushes.manifest(repository, signature.digest(), signature);
            assertThat(put.status()).as(put.toString()).isEqualTo(201);
        }

        @BeforeEach
        void wharfOnly() {
            assumeFalse(target.isReference(), "distribution 2.8 does not implement the referrers API (distribution-spec 1.1)");
        }

        @Test
        void aManifestPushWithASubjectAnswersOciSubject() {
            // §Pushing Manifests with Subject: a registry supporting referrers MUST answer OCI-Subject: <subject digest>.
            assertThat(sbomPut.status()).as(sbomPut.toString()).isEqualTo(201);
            assertThat(sbomPut.header("OCI-Subject")).as(sbomPut.toString()).hasValue(subject.digest());
        }

        @Test
        void theReferrersListIs200WithAnImageIndexOfEveryReferrer() {
            // §Listing Referrers: 200, Content-Type MUST be the OCI index; descriptors MUST carry artifactType (the
            // manifest's, else its config's media type) and the manifest's annotations.
            HttpProbe.Reply listed = client.send("GET", client.v2(repository + "/referrers/" + subject.digest()));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.header("Content-Type")).hasValue(RegistryMediaTypes.OCI_INDEX);
            JsonNode index = json(listed);
            assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
            assertThat(index.path("mediaType").asText()).isEqualTo(RegistryMediaTypes.OCI_INDEX);
            assertThat(index.path("manifests")).hasSize(2);
            JsonNode sbomEntry = entry(index, sbom.digest());
            assertThat(sbomEntry.path("mediaType").asText()).isEqualTo(RegistryMediaTypes.OCI_MANIFEST);
            assertThat(sbomEntry.path("size").asLong()).isEqualTo(sbom.bytes().length);
            assertThat(sbomEntry.path("artifactType").asText()).isEqualTo(SBOM);
            assertThat(sbomEntry.at("/annotations/org.example.sbom.format").asText()).isEqualTo("json");
            JsonNode signatureEntry = entry(index, signature.digest());
            assertThat(signatureEntry.path("artifactType").asText()).isEqualTo(SIGNATURE_CONFIG);
            assertThat(signatureEntry.at("/annotations/org.example.signature.fingerprint").asText()).isEqualTo("abcd");
        }

        @Test
        void theReferrersListFilteredByArtifactTypeHasOnlyThoseAndSaysSo() {
            // §Listing Referrers: when an artifactType filter is applied, OCI-Filters-Applied: artifactType MUST be there.
            HttpProbe.Reply listed = client.send("GET", client.v2(repository + "/referrers/" + subject.digest()
                    + "?artifactType=" + SBOM.replace("/", "%2F")));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.header("OCI-Filters-Applied")).as(listed.toString()).hasValue("artifactType");
            JsonNode manifests = json(listed).path("manifests");
            assertThat(manifests).hasSize(1);
            assertThat(manifests.get(0).path("digest").asText()).isEqualTo(sbom.digest());
        }

        @Test
        void theReferrersOfAnUnknownSubjectAreAnEmptyIndexNot404() {
            // §Listing Referrers: MUST NOT be 404; no match MUST give an empty manifest list.
            String absent = Sha256.of("no subject".getBytes(StandardCharsets.UTF_8));
            HttpProbe.Reply listed = client.send("GET", client.v2(repository + "/referrers/" + absent));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.header("Content-Type")).hasValue(RegistryMediaTypes.OCI_INDEX);
            assertThat(json(listed).path("manifests").isArray()).isTrue();
            assertThat(json(listed).path("manifests")).isEmpty();
        }

        @Test
        void theReferrersOfAnInvalidDigestAre400() {
            // §Listing Referrers: an invalid request, such as a digest of invalid syntax, MUST be 400.
            HttpProbe.Reply listed = client.send("GET", client.v2(repository + "/referrers/sha256:not-hex"));
            assertThat(listed.status()).as(listed.toString()).isEqualTo(400);
        }

        private JsonNode entry(JsonNode index, String digest) {
            for (JsonNode manifest : index.path("manifests")) {
                if (manifest.path("digest").asText().equals(digest)) {
                    return manifest;
                }
            }
            throw new AssertionError("no descriptor of " + digest + " in " + index);
        }
    }

    /** spec.md §Workflow Categories, Content Management: deleting tags, manifests and blobs. */
    @Nested
    class ContentManagement {
        @Test
        void aDeletedTagIs202AndThenGone() {
            // §Deleting tags: success MUST be 202, after which a GET of the tag is 404; a registry with tag deletion
            // disabled MUST answer 400 or 405 (distribution 2.8), but Wharf deletes tags (issue 8).
            String repository = repo("management/tag");
            TestManifest image = TestManifest.image(501, 1024);
            pushes.image(repository, "doomed", image);
            pushes.manifest(repository, "kept", image);
            HttpProbe.Reply deleted = client.send("DELETE", manifests(repository, "doomed"));
            if (target.isReference() && (deleted.status() == 400 || deleted.status() == 405)) {
                return;
            }
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
            assertThat(client.send("GET", manifests(repository, "doomed"), "Accept", image.mediaType()).status()).isEqualTo(404);
            assertThat(client.send("GET", manifests(repository, "kept"), "Accept", image.mediaType()).digest()).isEqualTo(image.digest());
        }

        @Test
        void aDeletedManifestIs202AndThenItAndItsTagsAreGone() {
            // §Deleting Manifests: success MUST be 202; then a GET of the digest and of any tag on it is 404.
            String repository = repo("management/manifest");
            TestManifest image = TestManifest.image(502, 1024);
            pushes.image(repository, "v1", image);
            HttpProbe.Reply deleted = client.send("DELETE", manifests(repository, image.digest()));
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
            assertThat(client.send("GET", manifests(repository, image.digest()), "Accept", image.mediaType()).status()).isEqualTo(404);
            assertThat(client.send("GET", manifests(repository, "v1"), "Accept", image.mediaType()).status()).isEqualTo(404);
        }

        @Test
        void aManifestDeleteInANonexistentRepositoryIs404() {
            // §Deleting Manifests: if the repository does not exist, the response MUST be 404.
            String absent = Sha256.of("no manifest".getBytes(StandardCharsets.UTF_8));
            HttpProbe.Reply deleted = client.send("DELETE", manifests(repo("management/never-pushed"), absent));
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(404);
        }

        @Test
        void aDeletedBlobIs202AndThenGoneUnlessBlobDeletionIsDisabled() {
            // §Deleting Blobs: success MUST be 202, and the blob is then 404; disabled deletion MUST be 400 or 405.
            String repository = repo("management/blob");
            byte[] blob = PseudoRandomBytes.array(503, 4096);
            String digest = pushes.blob(repository, blob);
            HttpProbe.Reply deleted = client.send("DELETE", blobs(repository, digest));
            assertThat(deleted.status()).as(deleted.toString()).isIn(202, 400, 405);
            if (deleted.status() == 202) {
                assertError(client.send("GET", blobs(repository, digest)), 404, "BLOB_UNKNOWN");
            } else {
                assertThat(client.send("GET", blobs(repository, digest)).status()).isEqualTo(200);
            }
        }

        @Test
        void aDeleteOfAnUnknownBlobIs404UnlessBlobDeletionIsDisabled() {
            // §Deleting Blobs: if the blob is not found, 404 MUST be returned.
            String repository = repo("management/unknown-blob");
            pushes.blob(repository, PseudoRandomBytes.array(504, 1024));
            String absent = Sha256.of("no blob".getBytes(StandardCharsets.UTF_8));
            HttpProbe.Reply deleted = client.send("DELETE", blobs(repository, absent));
            assertThat(deleted.status()).as(deleted.toString()).isIn(404, 400, 405);
            if (deleted.status() == 404) {
                assertThat(RegistryErrors.codes(deleted)).contains("BLOB_UNKNOWN");
            }
        }
    }
}
