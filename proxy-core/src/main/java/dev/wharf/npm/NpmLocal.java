package dev.wharf.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.npm.NpmPathException;
import dev.wharf.codec.npm.NpmRequest;
import dev.wharf.codec.npm.PackageName;
import dev.wharf.codec.npm.Packuments;
import dev.wharf.codec.npm.PublishDocument;
import dev.wharf.codec.npm.Versions;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Found;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An npm local repository: {@code npm publish} ({@code PUT /<name>} with the tarball in {@code _attachments},
 * read whole up to {@code maxPublishBytes}, each tarball checked against the version's {@code integrity} and
 * {@code shasum}; {@code 409} for a version stored already), the updates {@code npm deprecate} and
 * {@code npm unpublish <name>@<version>} send (the packument without attachments, or {@code PUT /<name>/-rev/<rev>}),
 * {@code npm unpublish <name>} ({@code DELETE /<name>/-rev/<rev>}), {@code npm dist-tag add/rm}; the packument is
 * computed from what is stored ({@link LocalPackages}).
 */
final class NpmLocal implements NpmRepository {
    private static final int MAX_TAG_BODY = 4096;

    private final RepositoryConfig config;
    private final FormatContext context;
    private final NpmReads reads;
    private final LocalPackages packages;
    private final LocalPublish publish;
    private final long maxPublishBytes;

    NpmLocal(RepositoryConfig config, FormatContext context, NpmReads reads) {
        this.config = config;
        this.context = context;
        this.reads = reads;
        this.maxPublishBytes = config.options(NpmLocalOptions.class).maxPublishBytes();
        this.packages = new LocalPackages(config.key(), context, (int) maxPublishBytes);
        this.publish = new LocalPublish(config.key(), packages, context.clock());
    }

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public CompletableFuture<Optional<Packument>> packument(PackageName name) {
        return packages.packument(name).thenApply(p -> p.map(doc -> new Packument(doc, null, CacheStatus.HIT)));
    }

    @Override
    public CompletableFuture<Found> tarball(RepositoryPath path, PackageName name, String file, boolean head) {
        return packages.tarball(name, file).thenApply(entry -> entry.<Found>map(e -> new Found.Stored(e, CacheStatus.HIT, null))
                .orElseGet(() -> new Found.Absent("no tarball " + file + " of " + name + " in repository " + key())));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return context.metadata().deleteEntry(entry.repoKey(), entry.path());
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        NpmRequest request;
        try {
            request = reads.parse(path);
        } catch (NpmPathException e) {
            NpmResponses.error(exchange, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (exchange.isRead() && reads.serve(exchange, path, request, this)) {
            return;
        }
        HttpMethod method = exchange.method();
        if (request instanceof NpmRequest.Endpoint endpoint) {
            reads.endpoint(exchange, endpoint, key());
        } else if (method.equals(HttpMethod.PUT) && request instanceof NpmRequest.Packument p) {
            document(exchange, p.name());
        } else if (method.equals(HttpMethod.PUT) && request instanceof NpmRequest.Revision r) {
            document(exchange, r.name());
        } else if (method.equals(HttpMethod.DELETE) && request instanceof NpmRequest.Revision r) {
            answer(exchange, packages.deletePackage(r.name()), "package " + r.name(), "removed " + r.name());
        } else if (method.equals(HttpMethod.DELETE) && request instanceof NpmRequest.TarballRevision t) {
            // The version went with the update before; its tarball went with it, so this only confirms.
            answer(exchange, packages.deleteTarball(t.name(), t.file()).thenApply(v -> true), "tarball " + t.file(),
                    "removed " + t.file());
        } else if (method.equals(HttpMethod.PUT) && request instanceof NpmRequest.DistTag t) {
            setTag(exchange, t);
        } else if (method.equals(HttpMethod.DELETE) && request instanceof NpmRequest.DistTag t) {
            answer(exchange, packages.deleteTag(t.name(), t.tag()), "dist-tag " + t.tag() + " of " + t.name(),
                    "removed dist-tag " + t.tag());
        } else {
            NpmResponses.error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on /" + path.path()
                    + " in repository " + key());
        }
    }

    /** A publish or an update: the document read whole up to the limit, parsed and applied off the event loop. */
    private void document(Exchange exchange, PackageName name) {
        long declared = exchange.declaredBodyLength();
        if (declared > maxPublishBytes) {
            NpmResponses.error(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the document of " + declared
                    + " bytes is larger than " + maxPublishBytes + " bytes (maxPublishBytes of repository " + key() + ")");
            return;
        }
        CompletableFuture<String> applied = ByteSources.readAll(exchange.requestBody(maxPublishBytes), (int) maxPublishBytes,
                        "the document")
                .thenApplyAsync(bytes -> PublishDocument.parse(bytes, name), context.fileExecutor())
                .thenCompose(doc -> doc.isPublish() ? publish.publish(doc) : publish.update(doc));
        exchange.when(applied, (message, err) -> {
            if (err != null) {
                NpmResponses.failure(exchange, err, "package " + name);
            } else {
                NpmResponses.ok(exchange, HttpResponseStatus.CREATED, message);
            }
        });
    }

    private void setTag(Exchange exchange, NpmRequest.DistTag request) {
        String tag;
        try {
            tag = Versions.checkTag(request.tag());
        } catch (NpmPathException e) {
            NpmResponses.error(exchange, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        CompletableFuture<Boolean> set = ByteSources.readAll(exchange.requestBody(MAX_TAG_BODY), MAX_TAG_BODY, "the dist-tag body")
                .thenCompose(bytes -> {
                    String version = Packuments.versionString(bytes);
                    return packages.stored(request.name()).thenCompose(stored -> {
                        if (stored.isEmpty() || !stored.get().has(version)) {
                            return CompletableFuture.completedFuture(false);
                        }
                        return packages.putTag(request.name(), tag, version).thenApply(v -> true);
                    });
                });
        answer(exchange, set, "version of dist-tag " + tag + " of " + request.name(), "set dist-tag " + tag);
    }

    /** Answers {@code ok} when {@code done} completes true, 404 naming {@code what} when false. */
    private void answer(Exchange exchange, CompletableFuture<Boolean> done, String what, String ok) {
        exchange.when(done, (found, err) -> {
            if (err != null) {
                NpmResponses.failure(exchange, err, what);
            } else if (found) {
                NpmResponses.ok(exchange, HttpResponseStatus.OK, ok);
            } else {
                NpmResponses.error(exchange, HttpResponseStatus.NOT_FOUND, what + " not found in repository " + key());
            }
        });
    }

    /** Stored manifests keep only the file name as their tarball: the serving repository points it at itself. */
    static ObjectNode stored(ObjectNode manifest, String file) {
        ObjectNode copy = manifest.deepCopy();
        JsonNode dist = copy.get("dist");
        (dist instanceof ObjectNode o ? o : copy.putObject("dist")).put("tarball", file);
        return copy;
    }
}
