package dev.wharf.codec.docker;

/** Renders a parsed request back to its wire path, for round-trip tests of {@link DockerPath}. */
final class RequestPaths {
    private RequestPaths() {
    }

    static String of(DockerRequest request) {
        if (request instanceof DockerRequest.Ping) {
            return "/v2/";
        }
        if (request instanceof DockerRequest.Catalog) {
            return "/v2/_catalog";
        }
        if (request instanceof DockerRequest.Manifest m) {
            return "/v2/" + m.name() + "/manifests/" + m.reference();
        }
        if (request instanceof DockerRequest.Blob b) {
            return "/v2/" + b.name() + "/blobs/" + b.digest();
        }
        if (request instanceof DockerRequest.UploadStart u) {
            return "/v2/" + u.name() + "/blobs/uploads/";
        }
        if (request instanceof DockerRequest.Upload u) {
            return "/v2/" + u.name() + "/blobs/uploads/" + u.uuid();
        }
        if (request instanceof DockerRequest.TagList t) {
            return "/v2/" + t.name() + "/tags/list";
        }
        DockerRequest.Referrers r = (DockerRequest.Referrers) request;
        return "/v2/" + r.name() + "/referrers/" + r.digest();
    }
}
