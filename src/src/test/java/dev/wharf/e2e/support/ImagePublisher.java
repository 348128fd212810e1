package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pushes images to a registry with the plain registry API over HTTP, keeping every media type exactly as
 * written: each blob with {@code POST .../blobs/uploads/} then {@code PUT <location>&digest=} (the
 * two-step monolithic upload distribution 2.8 accepts), each platform's manifest by digest, then the root
 * by tag with its own Content-Type. Every failure names the request and the registry's answer.
 */
public final class ImagePublisher {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String registryUrl;

    /** A publisher to the registry at {@code registryUrl} ({@code http://127.0.0.1:<port>}). */
    public ImagePublisher(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    /** Pushes {@code layout}'s blobs, then its manifests, tagging the root {@code <repository>:<layout tag>}. */
    public void publish(OciLayout layout, String repository) {
        for (OciDescriptor blob : layout.blobs()) {
            uploadBlob(repository, blob.digest(), blob.size(), () -> open(layout, blob));
        }
        if (layout.isIndex()) {
            for (OciImage image : layout.images()) {
                putManifest(repository, image.manifest().digest(), image.manifest(), read(layout, image.manifest()));
            }
        }
        putManifest(repository, layout.tag(), layout.root(), read(layout, layout.root()));
    }

    /**
     * Uploads one blob of {@code size} bytes whose content {@code body} opens (streamed, never held in
     * memory), unless the repository already has it; fails unless the registry commits it as {@code digest}.
     */
    public void uploadBlob(String repository, String digest, long size, Supplier<InputStream> body) {
        String blobUrl = registryUrl + "/v2/" + repository + "/blobs/" + digest;
        if (send(HttpRequest.newBuilder(URI.create(blobUrl)).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode() == 200) {
            return;
        }
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(registryUrl + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(started, 202, "start an upload of " + digest);
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("upload start for " + digest + " answered no Location: " + describe(started)));
        URI upload = URI.create(registryUrl).resolve(location);
        String separator = upload.getRawQuery() == null ? "?" : "&";
        HttpResponse<String> finished = send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size)));
        expect(finished, 201, "finish the upload of " + digest);
        expectDigest(finished, digest);
    }

    /** Puts a manifest under {@code reference} (a tag or its digest) with the descriptor's media type as Content-Type. */
    public void putManifest(String repository, String reference, OciDescriptor manifest, byte[] bytes) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(registryUrl + "/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(response, 201, "put manifest " + repository + ":" + reference);
        expectDigest(response, manifest.digest());
    }

    private static InputStream open(OciLayout layout, OciDescriptor blob) {
        try {
            return Files.newInputStream(layout.blob(blob.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + blob.digest() + " of " + layout.dir(), e);
        }
    }

    private static byte[] read(OciLayout layout, OciDescriptor manifest) {
        try {
            return Files.readAllBytes(layout.blob(manifest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + manifest.digest() + " of " + layout.dir(), e);
        }
    }

    /** Sends with the admin token, which Wharf's pushes need and the test upstreams ignore. */
    private static HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(TIMEOUT).header("Authorization", "Bearer " + WharfProcess.ADMIN_TOKEN).build();
        try {
            return CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + built.method() + " " + built.uri(), e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError("cannot " + what + " (expected " + status + "): " + describe(response));
        }
    }

    private static void expectDigest(HttpResponse<String> response, String digest) {
        String committed = response.headers().firstValue("Docker-Content-Digest").orElse("(none)");
        if (!committed.equals(digest)) {
            throw new AssertionError("the registry committed " + committed + " (expected: " + digest + "): " + describe(response));
        }
    }

    private static String describe(HttpResponse<String> response) {
        return response.request().method() + " " + response.request().uri() + " -> " + response.statusCode() + " "
                + response.headers().map() + " " + response.body();
    }
}
