package dev.wharf.pypi;

import dev.wharf.codec.Digest;
import dev.wharf.codec.pypi.DistFile;
import dev.wharf.codec.pypi.DistFilename;
import dev.wharf.codec.pypi.MultipartException;
import dev.wharf.codec.pypi.MultipartReader;
import dev.wharf.codec.pypi.ProjectName;
import dev.wharf.codec.pypi.ProjectPage;
import dev.wharf.codec.pypi.PypiPath;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FormatContext;
import dev.wharf.format.Found;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.blob.DigestMismatchException;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A PyPI local repository: the upload API of {@code twine}, {@code poetry publish} and {@code pdm publish} at the
 * repository root (a {@code multipart/form-data} POST with {@code :action=file_upload}, the file in part
 * {@code content}, streamed into the blob store; its name checked as a wheel's (PEP 427) or a source
 * distribution's (PEP 625) of the form's {@code name}; {@code sha256_digest} checked against the bytes;
 * {@code 409} when the file exists), a wheel's {@code METADATA} kept as its PEP 658 {@code .metadata}, and the
 * simple API computed on demand from what is stored. {@code DELETE} of a file yanks it (PEP 592), with an
 * optional {@code ?reason=}.
 *
 * <p>Each file is three rows under {@code packages/<project>/<filename>}: the file, its {@link UploadFacts} (a
 * JSON blob, variant {@value #FACTS_VARIANT}), and for a wheel {@code <filename>.metadata}; the file's row is
 * written last, so a file that is listed has the others.
 */
final class PypiLocal implements PypiRepository {
    static final String FACTS_VARIANT = "pypi-upload";
    /** The form fields of one upload together (the long description among them), at most. */
    static final int MAX_FIELD_BYTES = 8 << 20;
    private static final int MAX_PART_HEADER_BYTES = 16 << 10;
    private static final int MAX_FACTS_BYTES = MAX_FIELD_BYTES + (64 << 10);
    private static final String FILE_PART = "content";

    private final RepositoryConfig config;
    private final FormatContext context;
    private final IndexDocuments documents;
    private final long maxUploadBytes;

    PypiLocal(RepositoryConfig config, FormatContext context, IndexDocuments documents) {
        this.config = config;
        this.context = context;
        this.documents = documents;
        this.maxUploadBytes = context.config().server().limits().maxUploadBytes();
    }

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public CompletableFuture<Optional<Indexed<ProjectPage>>> page(String project) {
        return context.metadata().listEntries(config.key(), PypiPath.FILES + project + "/").thenCompose(entries -> {
            Map<String, CachedEntry> files = new TreeMap<>();
            Map<String, CachedEntry> facts = new TreeMap<>();
            Map<String, CachedEntry> metadata = new TreeMap<>();
            String prefix = PypiPath.FILES + project + "/";
            for (CachedEntry entry : entries) {
                String name = entry.path().substring(prefix.length());
                if (entry.variant().equals(FACTS_VARIANT)) {
                    facts.put(name, entry);
                } else if (entry.variant().isEmpty() && name.endsWith(PypiPath.METADATA_SUFFIX)) {
                    metadata.put(name.substring(0, name.length() - PypiPath.METADATA_SUFFIX.length()), entry);
                } else if (entry.variant().isEmpty()) {
                    files.put(name, entry);
                }
            }
            if (files.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Indexed<ProjectPage>>empty());
            }
            List<CompletableFuture<DistFile>> listed = new ArrayList<>();
            files.forEach((name, file) -> listed.add(distFile(project, file, facts.get(name), metadata.get(name))));
            return CompletableFuture.allOf(listed.toArray(CompletableFuture[]::new)).thenApply(v -> Optional.of(
                    Indexed.stored(ProjectPage.of(project, listed.stream().map(CompletableFuture::join).toList()))));
        });
    }

    private CompletableFuture<DistFile> distFile(String project, CachedEntry file, CachedEntry facts, CachedEntry metadata) {
        CompletableFuture<UploadFacts> read = facts == null ? CompletableFuture.completedFuture(null)
                : documents.get(facts.digest(), MAX_FACTS_BYTES).thenApply(UploadFacts::fromJson);
        String filename = file.path().substring(file.path().lastIndexOf('/') + 1);
        return read.thenApply(f -> new DistFile(filename, PypiPath.fileUrl(project, filename),
                Map.of("sha256", file.digest().hex()), f == null ? null : f.requiresPython(), f == null ? null : f.yanked(),
                metadata == null ? null : Map.of("sha256", metadata.digest().hex()), file.size(),
                f == null ? file.fetchedAt().toString() : f.uploadTime()));
    }

    @Override
    public CompletableFuture<Indexed<List<String>>> projects() {
        return context.metadata().listEntries(config.key(), PypiPath.FILES).thenApply(entries -> {
            TreeSet<String> names = new TreeSet<>();
            for (CachedEntry entry : entries) {
                String[] parts = entry.path().split("/");
                if (parts.length == 3) {
                    names.add(parts[1]);
                }
            }
            return Indexed.stored(List.<String>copyOf(names));
        });
    }

    @Override
    public CompletableFuture<Found> file(PypiPath.File file, boolean head) {
        return context.metadata().findEntry(config.key(), file.path()).thenApply(entry -> entry.<Found>map(
                e -> new Found.Stored(e, CacheStatus.HIT, null)).orElseGet(() -> new Found.Absent("no file " + file.path())));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return context.metadata().deleteEntry(entry.repoKey(), entry.path());
    }

    /** Takes an upload: the body streamed into a blob, checked, then recorded. */
    void upload(Exchange exchange) {
        Optional<String> boundary = MultipartReader.boundary(exchange.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
        if (boundary.isEmpty()) {
            exchange.error(HttpResponseStatus.BAD_REQUEST, "an upload is a multipart/form-data POST with a boundary "
                    + "(the legacy upload API that twine uses)");
            return;
        }
        long declared = exchange.declaredBodyLength();
        if (declared > maxUploadBytes) {
            exchange.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body of " + declared + " bytes is larger than "
                    + maxUploadBytes + " bytes (server.limits.maxUploadBytes)");
            return;
        }
        BlobWriter writer = context.blobs().writer();
        CompletableFuture<String> stored = UploadReceiver.receive(exchange.requestBody(maxUploadBytes),
                        new MultipartReader(boundary.get(), MAX_PART_HEADER_BYTES), writer, FILE_PART, MAX_FIELD_BYTES,
                        exchange.ctx().executor())
                .thenCompose(received -> store(received, writer))
                .whenComplete((path, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                });
        exchange.when(stored, (path, err) -> {
            if (err == null) {
                exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain; charset=utf-8",
                        "OK: stored " + path + "\n");
                return;
            }
            Throwable cause = Futures.unwrap(err);
            if (cause instanceof UploadRejected rejected) {
                exchange.error(rejected.status(), rejected.getMessage());
            } else if (cause instanceof MultipartException) {
                exchange.error(HttpResponseStatus.BAD_REQUEST, "the upload is not a well-formed multipart/form-data body: "
                        + cause.getMessage());
            } else if (cause instanceof DigestMismatchException) {
                exchange.error(HttpResponseStatus.BAD_REQUEST, "the file does not match its sha256_digest: " + cause.getMessage());
            } else {
                FileResponses.failure(exchange, cause, "the upload");
            }
        });
    }

    /** Checks the form, commits the blob, and records the file; completes with its path. */
    private CompletableFuture<String> store(UploadReceiver.Received received, BlobWriter writer) {
        String action = received.field(":action");
        if (!"file_upload".equals(action)) {
            throw new UploadRejected(HttpResponseStatus.BAD_REQUEST, ":action: " + (action == null ? "missing" : "'" + action
                    + "'") + " (expected file_upload)");
        }
        String name = received.field("name");
        if (!ProjectName.isValid(name)) {
            throw new UploadRejected(HttpResponseStatus.BAD_REQUEST, "name: " + (name == null ? "missing" : "'" + name + "'")
                    + " is not a project name (letters, digits and . _ - inside)");
        }
        String filename = received.filename();
        DistFilename parsed = DistFilename.parse(filename).orElseThrow(() -> new UploadRejected(HttpResponseStatus.BAD_REQUEST,
                "file name '" + filename + "' is neither a wheel's (PEP 427: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl)"
                        + " nor a source distribution's (PEP 625: {name}-{version}.tar.gz)"));
        if (!parsed.isOf(name)) {
            throw new UploadRejected(HttpResponseStatus.BAD_REQUEST, "file " + filename + " is not of project " + name);
        }
        Digest expected = expectedDigest(received.field("sha256_digest"));
        String project = ProjectName.normalize(name);
        PypiPath.File file = new PypiPath.File(project, filename, false);
        return context.metadata().findEntry(config.key(), file.path()).thenCompose(existing -> {
            if (existing.isPresent()) {
                throw new UploadRejected(HttpResponseStatus.CONFLICT, filename + " exists in repository " + config.key()
                        + " (a file is never overwritten: upload a new version)");
            }
            return expected == null ? writer.commit() : writer.commit(expected);
        }).thenCompose(digest -> coreMetadata(parsed, file, digest)
                .thenCompose(v -> facts(file, received))
                .thenCompose(v -> {
                    Instant now = context.clock().instant();
                    return context.metadata().putEntry(new CachedEntry(config.key(), file.path(), "", digest, received.size(),
                            DistFilename.mediaType(filename), null, null, now, now));
                })).thenApply(v -> file.path());
    }

    private static Digest expectedDigest(String sha256) {
        if (sha256 == null || sha256.isBlank()) {
            return null;
        }
        try {
            return new Digest(sha256.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UploadRejected(HttpResponseStatus.BAD_REQUEST, "sha256_digest: " + e.getMessage());
        }
    }

    /** A wheel's METADATA, recorded as its {@code .metadata} (PEP 658); nothing for an sdist or a wheel without one. */
    private CompletableFuture<Void> coreMetadata(DistFilename parsed, PypiPath.File file, Digest digest) {
        if (!parsed.wheel()) {
            return CompletableFuture.completedFuture(null);
        }
        return WheelMetadataReader.read(context.blobs(), digest, parsed.distInfo()).thenCompose(metadata -> {
            if (metadata.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            byte[] bytes = metadata.get();
            return documents.put(bytes).thenCompose(d -> {
                Instant now = context.clock().instant();
                return context.metadata().putEntry(new CachedEntry(config.key(), file.coreMetadata().path(), "", d,
                        bytes.length, "text/plain; charset=utf-8", null, null, now, now));
            });
        });
    }

    private CompletableFuture<Void> facts(PypiPath.File file, UploadReceiver.Received received) {
        return putFacts(file, new UploadFacts(received.fields(), context.clock().instant().toString(), null));
    }

    private CompletableFuture<Void> putFacts(PypiPath.File file, UploadFacts facts) {
        byte[] json = facts.toJson();
        return documents.put(json).thenCompose(d -> {
            Instant now = context.clock().instant();
            return context.metadata().putEntry(new CachedEntry(config.key(), file.path(), FACTS_VARIANT, d, json.length,
                    "application/json", null, null, now, now));
        });
    }

    /** Yanks a file (PEP 592): it stays, and the index marks it, with the {@code reason} query parameter if any. */
    void yank(Exchange exchange, PypiPath.File file) {
        String reason = exchange.query("reason").orElse("");
        CompletableFuture<Boolean> yanked = context.metadata().findEntry(config.key(), file.path(), FACTS_VARIANT)
                .thenCompose(entry -> {
                    if (entry.isEmpty()) {
                        return CompletableFuture.completedFuture(false);
                    }
                    return documents.get(entry.get().digest(), MAX_FACTS_BYTES)
                            .thenCompose(bytes -> putFacts(file, UploadFacts.fromJson(bytes).yank(reason)))
                            .thenApply(v -> true);
                });
        exchange.when(yanked, (found, err) -> {
            if (err != null) {
                FileResponses.failure(exchange, err, file.path());
            } else if (!found) {
                exchange.error(HttpResponseStatus.NOT_FOUND, "no file " + file.path() + " in repository " + config.key());
            } else {
                exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "application/json; charset=utf-8",
                        "{\"yanked\":" + dev.wharf.codec.JsonStrings.quote(file.path()) + ",\"reason\":"
                                + dev.wharf.codec.JsonStrings.quote(reason) + "}\n");
            }
        });
    }
}
