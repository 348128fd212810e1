package dev.wharf.e2e.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.HttpProbe;
import dev.wharf.e2e.support.RegistryClient;
import dev.wharf.e2e.support.Sha256;

/**
 * The setup steps of the conformance suite, each checked as it goes so that a broken setup fails at its
 * cause: POST-then-PUT blob uploads, and manifests pushed after their blobs.
 */
final class Pushes {
    private final RegistryClient client;

    Pushes(RegistryClient client) {
        this.client = client;
    }

    /** {@code POST /v2/<repository>/blobs/uploads/}, expecting 202; the upload's absolute location. */
    String startUpload(String repository) {
        HttpProbe.Reply started = client.send("POST", client.v2(repository + "/blobs/uploads/"), new byte[0]);
        assertThat(started.status()).as("start an upload: %s", started).isEqualTo(202);
        return client.resolve(started.header("Location").orElseThrow(() -> new AssertionError("no Location: " + started)));
    }

    /** Uploads {@code bytes} to {@code repository} with POST then PUT, expecting 201; returns its digest. */
    String blob(String repository, byte[] bytes) {
        String digest = Sha256.of(bytes);
        HttpProbe.Reply done = client.send("PUT", RegistryClient.withQuery(startUpload(repository), "digest", digest), bytes,
                "Content-Type", "application/octet-stream");
        assertThat(done.status()).as("finish the upload of %s: %s", digest, done).isEqualTo(201);
        return digest;
    }

    /** {@code PUT /v2/<repository>/manifests/<reference>} with the manifest's media type; the raw answer. */
    HttpProbe.Reply manifest(String repository, String reference, TestManifest manifest) {
        return client.send("PUT", client.v2(repository + "/manifests/" + reference), manifest.bytes(),
                "Content-Type", manifest.mediaType());
    }

    /** Uploads every blob of {@code manifest}, then puts it under {@code reference}, expecting 201. */
    void image(String repository, String reference, TestManifest manifest) {
        manifest.blobs().forEach(blob -> blob(repository, blob));
        HttpProbe.Reply put = manifest(repository, reference, manifest);
        assertThat(put.status()).as("put manifest %s:%s: %s", repository, reference, put).isEqualTo(201);
    }
}
