package dev.wharf.codec.docker;

import java.util.Objects;

/** Says whether a registry request names immutable content (cached until evicted) or mutable metadata. */
public final class Classifier {

    private Classifier() {
    }

    /**
     * True for blobs and manifests by digest: their bytes can never change, so they are never
     * revalidated. Manifests by tag, tag lists, referrers, the catalog and uploads are not.
     */
    public static boolean isImmutable(DockerRequest request) {
        Objects.requireNonNull(request, "request");
        if (request instanceof DockerRequest.Blob) {
            return true;
        }
        return request instanceof DockerRequest.Manifest manifest
                && manifest.reference() instanceof Reference.DigestRef;
    }
}
