package dev.wharf.terraform;

import dev.wharf.cache.UploadPump;
import dev.wharf.codec.Digest;
import dev.wharf.codec.JsonStrings;
import dev.wharf.codec.terraform.MirrorDocuments;
import dev.wharf.codec.terraform.PackageHash;
import dev.wharf.codec.terraform.ProviderAddress;
import dev.wharf.codec.terraform.ProviderDownload;
import dev.wharf.codec.terraform.ProviderFile;
import dev.wharf.codec.terraform.ProviderVersions;
import dev.wharf.codec.terraform.Sha256Sums;
import dev.wharf.codec.terraform.TerraformNameException;
import dev.wharf.codec.terraform.TerraformPath;
import dev.wharf.format.Found;
import dev.wharf.server.CacheStatus;
import dev.wharf.server.Exchange;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.Futures;
import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobWriter;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A local repository of provider packages: zips {@code PUT} at {@code <ns>/<type>/<file>} (the name checked,
 * the body streamed into the blob store, its {@code h1:} computed before it is recorded, which also proves
 * it a zip; {@code 409} for a name stored already), removed with {@code DELETE}. Every document is computed
 * on demand from the stored packages: the version lists, the mirror's hashes, SHA256SUMS, and with a
 * {@code signingKey} its signature.
 */
final class LocalProviders implements ProviderSource {
    private static final String ZIP = "application/zip";

    private final String key;
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final PackageHashes hashes;
    private final Optional<SumsSigner> signer;
    private final Executor fileExecutor;
    private final Clock clock;
    private final long maxUploadBytes;

    LocalProviders(String key, MetadataStore metadata, BlobStore blobs, PackageHashes hashes, Optional<SumsSigner> signer,
                   Executor fileExecutor, Clock clock, long maxUploadBytes) {
        this.key = key;
        this.metadata = metadata;
        this.blobs = blobs;
        this.hashes = hashes;
        this.signer = signer;
        this.fileExecutor = fileExecutor;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public String key() {
        return key;
    }

    /** A stored package and its entry. */
    private record Stored(ProviderFile file, CachedEntry entry) {
    }

    /** The packages stored for a provider, by their names; other rows are not packages and are skipped. */
    private CompletableFuture<List<Stored>> packages(ProviderAddress provider) {
        String prefix = provider.path() + "/";
        return metadata.listEntries(key, prefix).thenApply(entries -> {
            List<Stored> packages = new ArrayList<>();
            for (CachedEntry entry : entries) {
                String name = entry.path().substring(prefix.length());
                if (!entry.variant().isEmpty() || name.contains("/")) {
                    continue;
                }
                try {
                    ProviderFile file = ProviderFile.parse(name);
                    if (file.type().equals(provider.type())) {
                        packages.add(new Stored(file, entry));
                    }
                } catch (TerraformNameException e) {
                    // Not a package name: not a package.
                }
            }
            return packages;
        });
    }

    @Override
    public CompletableFuture<Optional<Fetched<ProviderVersions>>> versions(ProviderAddress provider) {
        return packages(provider).thenApply(packages -> {
            if (packages.isEmpty()) {
                return Optional.empty();
            }
            Map<String, List<ProviderVersions.Platform>> platforms = new TreeMap<>();
            packages.forEach(p -> platforms.computeIfAbsent(p.file().version(), v -> new ArrayList<>())
                    .add(new ProviderVersions.Platform(p.file().os(), p.file().arch())));
            List<ProviderVersions.Version> versions = new ArrayList<>();
            platforms.forEach((version, list) -> versions.add(new ProviderVersions.Version(version, List.of(), list)));
            return Optional.of(Fetched.stored(new ProviderVersions(versions)));
        });
    }

    @Override
    public CompletableFuture<Optional<Fetched<Map<String, MirrorDocuments.Archive>>>> archives(ProviderAddress provider,
                                                                                              String version) {
        return ofVersion(provider, version).thenCompose(packages -> {
            List<CompletableFuture<Optional<String>>> h1s = packages.stream().map(p -> hashes.h1(p.entry().digest())).toList();
            return CompletableFuture.allOf(h1s.toArray(CompletableFuture[]::new)).thenApply(v -> {
                if (packages.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, MirrorDocuments.Archive> archives = new LinkedHashMap<>();
                for (int i = 0; i < packages.size(); i++) {
                    List<String> list = new ArrayList<>();
                    h1s.get(i).join().ifPresent(list::add);
                    list.add(PackageHash.zh(packages.get(i).entry().digest().hex()));
                    archives.put(packages.get(i).file().platform(), new MirrorDocuments.Archive(packages.get(i).file().fileName(), list));
                }
                return Optional.of(Fetched.stored(archives));
            });
        });
    }

    private CompletableFuture<List<Stored>> ofVersion(ProviderAddress provider, String version) {
        return packages(provider).thenApply(all -> all.stream().filter(p -> p.file().version().equals(version)).toList());
    }

    @Override
    public CompletableFuture<Optional<Fetched<ProviderDownload>>> download(ProviderAddress provider, ProviderFile file,
                                                                          String origin) {
        return metadata.findEntry(key, provider.path() + "/" + file.fileName()).thenApply(entry -> {
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            if (signer.isEmpty()) {
                throw new NoSigningKeyException(key);
            }
            String sums = ProviderSource.url(origin, key, "v1/providers/" + provider.path() + "/" + file.version() + "/SHA256SUMS");
            return Optional.of(Fetched.stored(new ProviderDownload(List.of(), file.os(), file.arch(), file.fileName(),
                    ProviderSource.url(origin, key, provider.path() + "/" + file.fileName()), sums, sums + ".sig",
                    entry.get().digest().hex(), List.of(signer.get().publicKey()))));
        });
    }

    @Override
    public CompletableFuture<Optional<Fetched<byte[]>>> shasums(ProviderAddress provider, String version, boolean signature) {
        return ofVersion(provider, version).thenCompose(packages -> {
            if (packages.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            Map<String, Digest> files = new TreeMap<>();
            packages.forEach(p -> files.put(p.file().fileName(), p.entry().digest()));
            byte[] sums = new Sha256Sums(files).render();
            if (!signature) {
                return CompletableFuture.completedFuture(Optional.of(Fetched.stored(sums)));
            }
            if (signer.isEmpty()) {
                return CompletableFuture.failedFuture(new NoSigningKeyException(key));
            }
            // Signing is CPU work worth keeping off the event loop.
            return CompletableFuture.supplyAsync(() -> Optional.of(Fetched.stored(signer.get().sign(sums))), fileExecutor);
        });
    }

    @Override
    public CompletableFuture<Found> archive(TerraformPath.Archive archive, boolean head) {
        return metadata.findEntry(key, archive.storagePath()).thenApply(entry -> entry.<Found>map(
                e -> new Found.Stored(e, CacheStatus.HIT, null)).orElseGet(() -> new Found.Absent("no package " + archive.storagePath())));
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return metadata.deleteEntry(entry.repoKey(), entry.path());
    }

    /** Stores a package put at {@code <ns>/<type>/<file>}: 201, or 409 when the name is taken, 400 when it is no zip. */
    void put(Exchange exchange, TerraformPath.Archive archive) {
        long declared = exchange.declaredBodyLength();
        if (declared > maxUploadBytes) {
            TerraformResponses.error(exchange, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body of " + declared
                    + " bytes is larger than " + maxUploadBytes + " bytes (server.limits.maxUploadBytes)");
            return;
        }
        String path = archive.storagePath();
        exchange.when(metadata.findEntry(key, path), (existing, err) -> {
            if (err != null) {
                TerraformResponses.failure(exchange, err, path);
            } else if (existing.isPresent()) {
                TerraformResponses.error(exchange, HttpResponseStatus.CONFLICT, path + " exists in repository " + key
                        + " (packages are never overwritten: publish a new version)");
            } else {
                store(exchange, path);
            }
        });
    }

    private void store(Exchange exchange, String path) {
        ByteSource body = exchange.requestBody(maxUploadBytes);
        BlobWriter writer = blobs.writer();
        // A body that is no zip is committed as a blob but never recorded; garbage collection removes it.
        CompletableFuture<Upload> stored = UploadPump.copy(body, writer, exchange.ctx().executor())
                .thenCompose(size -> writer.commit().thenCompose(digest -> hashes.h1(digest).thenCompose(h1 -> {
                    if (h1.isEmpty()) {
                        throw new IllegalStateException("blob " + digest + " is missing from storage");
                    }
                    Instant now = clock.instant();
                    CachedEntry entry = new CachedEntry(key, path, "", digest, size, ZIP, null, null, now, now);
                    return metadata.putEntry(entry).thenApply(v -> new Upload(entry, h1.get()));
                })))
                .whenComplete((result, e) -> {
                    if (e != null) {
                        writer.abort();
                    }
                });
        exchange.when(stored, (upload, err) -> {
            if (err != null && Futures.unwrap(err) instanceof PackageHashes.NotAZipException notAZip) {
                TerraformResponses.error(exchange, HttpResponseStatus.BAD_REQUEST, path + " is not a provider package: "
                        + notAZip.getMessage());
            } else if (err != null) {
                TerraformResponses.failure(exchange, err, path);
            } else {
                exchange.respond(HttpResponseStatus.CREATED, new DefaultHttpHeaders().set(HttpHeaderNames.LOCATION,
                        "/repository/" + key + "/" + path), TerraformResponses.JSON,
                        "{\"path\":" + JsonStrings.quote(path) + ",\"size\":" + upload.entry().size() + ",\"digest\":\""
                                + upload.entry().digest() + "\",\"hashes\":[" + JsonStrings.quote(upload.h1()) + ","
                                + JsonStrings.quote(PackageHash.zh(upload.entry().digest().hex())) + "]}\n");
            }
        });
    }

    private record Upload(CachedEntry entry, String h1) {
    }

    /** Removes a package: 204, or 404 when there is none. */
    void delete(Exchange exchange, TerraformPath.Archive archive) {
        String path = archive.storagePath();
        exchange.when(metadata.deleteEntry(key, path), (existed, err) -> {
            if (err != null) {
                TerraformResponses.failure(exchange, err, path);
            } else if (existed) {
                exchange.respond(HttpResponseStatus.NO_CONTENT, new DefaultHttpHeaders(), Unpooled.EMPTY_BUFFER);
            } else {
                TerraformResponses.error(exchange, HttpResponseStatus.NOT_FOUND, "no package " + path);
            }
        });
    }
}
