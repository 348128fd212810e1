package dev.wharf.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.WharfConfig;
import dev.wharf.format.BlobRedirects;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Served;
import dev.wharf.server.RouterHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The Docker/OCI registry format: remotes of registries (Docker Hub, ghcr.io, quay.io, ...), local repositories
 * that clients push to, and virtual ones merging both, served at {@code /v2/} in path mode ({@code /v2/<repo-key>/<image>/...}), mirror mode ({@code /v2/<image>/...} to
 * {@code docker.defaultRepository}) and containerd's {@code ?ns=} mode.
 */
public final class DockerFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "docker";
    private static final String EMBEDDED = """
            { "docker": { "defaultRepository": "dockerhub" },
              "repositories": [
                { "key": "dockerhub", "format": "docker", "type": "remote", "url": "https://registry-1.docker.io",
                  "tokenRealms": ["auth.docker.io"] },
                { "key": "ghcr", "format": "docker", "type": "remote", "url": "https://ghcr.io" },
                { "key": "quay", "format": "docker", "type": "remote", "url": "https://quay.io" } ] }
            """;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return DockerOptions.class;
    }

    @Override
    public Optional<Section> section() {
        return Optional.of(new Section(ID, DockerSettings.class));
    }

    /** Docker Hub (also the mirror default), ghcr.io and quay.io. */
    @Override
    public List<ObjectNode> embeddedDefaults() {
        try {
            return List.of((ObjectNode) new ObjectMapper().readTree(EMBEDDED));
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in Docker remotes", e);
        }
    }

    /** {@code docker.defaultRepository} names a docker repository. */
    @Override
    public void validate(WharfConfig config) {
        config.section(ID, DockerSettings.class).check(config);
    }

    @Override
    public Served serve(FormatContext context) {
        DockerSettings settings = context.config().section(ID, DockerSettings.class);
        int maxManifestBytes = context.config().server().limits().maxManifestBytes();
        MetadataBytes bytes = new MetadataBytes(context.blobs(), maxManifestBytes);
        ManifestOrigin.Stores stores = new ManifestOrigin.Stores(context.metadata(), bytes, context.clock(), maxManifestBytes);
        DockerRepositories repositories = new DockerRepositories(context.repositories(), settings.defaultRepository(),
                repo -> new RemoteDockerRepository(repo, context.upstreams().upstream(repo, RemoteDockerRepository.impliedTokenRealms(repo))),
                repo -> new LocalDockerRepository(repo.key(), context.metadata()));
        BlobRedirects redirects = BlobRedirects.of(context);
        ManifestService manifests = new ManifestService(context.freshness(), stores);
        BlobService blobs = new BlobService(context.metadata(), context.blobs(), context.fills(), context.fileExecutor(),
                context.clock(), redirects);
        NameListService lists = new NameListService(context.freshness(), stores);
        LocalBlobService localBlobs = new LocalBlobService(context.blobs(), context.fileExecutor(), redirects);
        ReferrersService referrers = new ReferrersService(bytes);
        UploadService uploads = new UploadService(context.blobs(), context.clock(),
                context.config().server().limits().maxUploadBytes(), new MountSources(repositories, context.metadata(), context.blobs(), context.access()));
        LocalRequests locals = new LocalRequests(new LocalManifestService(bytes, context.clock(), maxManifestBytes), localBlobs,
                uploads, lists, referrers);
        VirtualRequests virtuals = new VirtualRequests(repositories, locals, manifests, localBlobs, blobs, lists, referrers,
                context.metadata());
        DockerHandler handler = new DockerHandler(repositories, manifests, blobs, lists, locals, virtuals,
                new DockerAccess(context.access()));
        return Served.routes(new RouterHandler.Route("/v2", handler));
    }
}
