package dev.wharf.pypi;

import dev.wharf.cache.FreshnessPolicy;
import dev.wharf.cache.MissingUpstreamException;
import dev.wharf.cache.Negotiation;
import dev.wharf.cache.Resolution;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.pypi.DistFile;
import dev.wharf.codec.pypi.ProjectPage;
import dev.wharf.codec.pypi.PypiPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.Found;
import dev.wharf.format.FormatContext;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteFiles;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A PyPI remote: the upstream's simple API ({@code <url>/simple/}, {@code <url>/simple/<project>/}) cached as
 * mutable metadata under the freshness policy, in one stored form ({@link StoredIndex}); its files cached as
 * immutable content at {@code packages/<project>/<filename>}, fetched from wherever the upstream's page links
 * them (another host included) and verified against the page's hashes; a file's PEP 658 {@code .metadata}
 * likewise, against the page's {@code core-metadata} hashes.
 */
final class PypiRemote implements PypiRepository {
    private final RepositoryConfig config;
    private final RemoteFiles files;
    private final FormatContext context;
    private final IndexDocuments documents;
    private final int maxIndexBytes;
    private final String root;

    PypiRemote(RepositoryConfig config, RemoteFiles files, FormatContext context, IndexDocuments documents) {
        this.config = config;
        this.files = files;
        this.context = context;
        this.documents = documents;
        this.maxIndexBytes = (int) config.options(PypiRemoteOptions.class).maxIndexBytes();
        String url = config.url().toString();
        this.root = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String key() {
        return config.key();
    }

    /** The page of the upstream, with its own (absolute) file URLs. */
    CompletableFuture<Optional<Indexed<ProjectPage>>> upstreamPage(String project) {
        String path = "simple/" + project + "/";
        IndexOrigin origin = origin(path, (body, format, answered) -> StoredIndex.projectPage(project, body, format, answered));
        return resolve(path, origin).thenApply(stored -> stored.map(s -> s.map(b -> StoredIndex.page(project, b))));
    }

    @Override
    public CompletableFuture<Optional<Indexed<ProjectPage>>> page(String project) {
        return upstreamPage(project).thenApply(page -> page.map(p -> p.map(upstreamPage -> upstreamPage.mapFiles(
                file -> file.withUrl(PypiPath.fileUrl(project, file.filename()))))));
    }

    @Override
    public CompletableFuture<Indexed<List<String>>> projects() {
        IndexOrigin origin = origin("simple/", (body, format, answered) -> StoredIndex.projectList(body, format));
        return resolve("simple/", origin).thenApply(stored -> stored.map(s -> s.map(StoredIndex::list))
                .orElse(Indexed.stored(List.of())));
    }

    @Override
    public CompletableFuture<Found> file(PypiPath.File file, boolean head) {
        return context.metadata().findEntry(config.key(), file.path()).thenCompose(entry -> {
            if (entry.isPresent()) {
                return CompletableFuture.completedFuture(new Found.Stored(entry.get(), CacheStatus.HIT, null));
            }
            return upstreamPage(file.project()).thenCompose(page -> {
                Optional<DistFile> listed = page.flatMap(p -> p.value().file(file.filename()));
                if (listed.isEmpty()) {
                    return CompletableFuture.completedFuture(new Found.Absent("project " + file.project()
                            + " lists no file " + file.filename()));
                }
                DistFile dist = listed.get();
                if (file.metadata() && dist.coreMetadata() == null) {
                    return CompletableFuture.completedFuture(new Found.Absent("the index serves no core metadata for "
                            + file.filename()));
                }
                URI uri = URI.create(file.metadata() ? dist.url() + PypiPath.METADATA_SUFFIX : dist.url());
                List<ContentDigest> expected = digests(file.metadata() ? dist.coreMetadata() : dist.hashes());
                return files.find(repositoryPath(file), uri, PathKind.CONTENT, expected, head);
            });
        });
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return files.forget(entry);
    }

    private IndexOrigin origin(String path, IndexOrigin.Reader reader) {
        return new IndexOrigin(config.key(), path, URI.create(root + "/" + path), files.upstream(),
                config.upstream().revalidationTimeout(), maxIndexBytes, reader, context.metadata(), documents, context.clock());
    }

    /** The stored form of an index page through the freshness policy; empty when the upstream has none. */
    private CompletableFuture<Optional<Indexed<byte[]>>> resolve(String path, IndexOrigin origin) {
        FreshnessPolicy.Request request = new FreshnessPolicy.Request(config.key(), path, Negotiation.NONE,
                config.metadataTtl(), config.negativeTtl());
        return context.freshness().resolve(request, origin).handle((resolution, err) -> {
            if (err != null) {
                if (Futures.unwrap(err) instanceof MissingUpstreamException) {
                    return CompletableFuture.completedFuture(Optional.<Indexed<byte[]>>empty());
                }
                throw new CompletionException(Futures.unwrap(err));
            }
            Resolution.Entry entry = (Resolution.Entry) resolution;
            return documents.get(entry.entry().digest(), maxIndexBytes)
                    .thenApply(bytes -> Optional.of(new Indexed<>(bytes, entry.status(), entry.warning())));
        }).thenCompose(f -> f);
    }

    private static RepositoryPath repositoryPath(PypiPath.File file) {
        List<String> segments = new ArrayList<>(List.of("packages", file.project(), file.filename()
                + (file.metadata() ? PypiPath.METADATA_SUFFIX : "")));
        return new RepositoryPath("", segments, false, String.join("/", segments));
    }

    /** The hashes the protocol gives that Wharf can check (sha256, sha512, sha1, md5). */
    static List<ContentDigest> digests(Map<String, String> hashes) {
        List<ContentDigest> digests = new ArrayList<>();
        hashes.forEach((name, hex) -> {
            for (ContentDigest.Algorithm algorithm : ContentDigest.Algorithm.values()) {
                if (algorithm.id().equals(name)) {
                    try {
                        digests.add(new ContentDigest(algorithm, hex));
                    } catch (IllegalArgumentException e) {
                        // A malformed hash is not a digest to check against; the others still are.
                    }
                }
            }
        });
        return digests;
    }
}
