package dev.wharf.terraform;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.codec.terraform.MirrorDocuments;
import dev.wharf.codec.terraform.PackageHash;
import dev.wharf.codec.terraform.ProviderAddress;
import dev.wharf.codec.terraform.ProviderDownload;
import dev.wharf.codec.terraform.ProviderFile;
import dev.wharf.codec.terraform.ProviderVersions;
import dev.wharf.codec.terraform.ServiceDiscovery;
import dev.wharf.codec.terraform.Sha256Sums;
import dev.wharf.codec.terraform.TerraformPath;
import dev.wharf.format.Found;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteFiles;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A remote of a provider registry. The upstream's documents (discovery at {@code <url>/.well-known/terraform.json},
 * versions, download descriptions) are mutable metadata under the freshness policy, stored under
 * {@code _upstream/...}; SHA256SUMS and its signature are immutable, stored under
 * {@code _upstream/<ns>/<type>/<version>/}; packages are filled at {@code <ns>/<type>/<file>}, verified against
 * the sha256 SHA256SUMS gives them (which must agree with the download description's).
 */
final class RemoteProviders implements ProviderSource {
    private static final String UPSTREAM = "_upstream/";

    private final RemoteFiles files;
    private final String url;
    private final Documents documents;
    private final MetadataStore metadata;
    private final PackageHashes hashes;

    RemoteProviders(RemoteFiles files, URI url, Documents documents, MetadataStore metadata, PackageHashes hashes) {
        this.files = files;
        String text = url.toString();
        this.url = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.documents = documents;
        this.metadata = metadata;
        this.hashes = hashes;
    }

    @Override
    public String key() {
        return files.key();
    }

    @Override
    public CompletableFuture<Optional<Fetched<ProviderVersions>>> versions(ProviderAddress provider) {
        return base().thenCompose(base -> document(UPSTREAM + "v1/providers/" + provider.path() + "/versions",
                base.value().resolve(provider.path() + "/versions"), PathKind.METADATA)
                .thenApply(doc -> doc.map(d -> d.with(ProviderVersions.parse(d.value())).alsoFrom(base))));
    }

    @Override
    public CompletableFuture<Optional<Fetched<Map<String, MirrorDocuments.Archive>>>> archives(ProviderAddress provider,
                                                                                              String version) {
        return versions(provider).thenCompose(versions -> {
            Optional<ProviderVersions.Version> entry = versions.flatMap(v -> v.value().find(version));
            if (entry.isEmpty() || entry.get().platforms().isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            List<ProviderFile> packages = entry.get().platforms().stream()
                    .map(p -> new ProviderFile(provider.type(), version, p.os(), p.arch())).toList();
            return upstreamDownload(provider, packages.get(0)).thenCompose(first -> {
                if (first.isEmpty()) {
                    return CompletableFuture.completedFuture(Optional.empty());
                }
                return sums(provider, version, first.get().value()).thenCompose(sums -> {
                    List<CompletableFuture<MirrorDocuments.Archive>> archives = new ArrayList<>();
                    for (ProviderFile file : packages) {
                        archives.add(archive(provider, file, sums.value()));
                    }
                    return CompletableFuture.allOf(archives.toArray(CompletableFuture[]::new)).thenApply(v -> {
                        Map<String, MirrorDocuments.Archive> byPlatform = new LinkedHashMap<>();
                        for (int i = 0; i < packages.size(); i++) {
                            byPlatform.put(packages.get(i).platform(), archives.get(i).join());
                        }
                        return Optional.of(versions.get().with(byPlatform).alsoFrom(first.get()));
                    });
                });
            });
        });
    }

    /** One package of the mirror's {@code <version>.json}: {@code zh:} from SHA256SUMS, {@code h1:} once it is cached. */
    private CompletableFuture<MirrorDocuments.Archive> archive(ProviderAddress provider, ProviderFile file, Sha256Sums sums) {
        List<String> hashList = new ArrayList<>();
        return metadata.findEntry(key(), provider.path() + "/" + file.fileName())
                .thenCompose(entry -> entry.isPresent() ? hashes.h1(entry.get().digest()) : CompletableFuture.completedFuture(Optional.<String>empty()))
                .thenApply(h1 -> {
                    h1.ifPresent(hashList::add);
                    sums.digest(file.fileName()).ifPresent(d -> hashList.add(PackageHash.zh(d.hex())));
                    return new MirrorDocuments.Archive(file.fileName(), hashList);
                });
    }

    @Override
    public CompletableFuture<Optional<Fetched<ProviderDownload>>> download(ProviderAddress provider, ProviderFile file,
                                                                          String origin) {
        return upstreamDownload(provider, file).thenApply(found -> found.map(d -> {
            String sums = ProviderSource.url(origin, key(), "v1/providers/" + provider.path() + "/" + file.version() + "/SHA256SUMS");
            return d.with(d.value().document().at(ProviderSource.url(origin, key(), provider.path() + "/" + file.fileName()),
                    sums, sums + ".sig"));
        }));
    }

    @Override
    public CompletableFuture<Optional<Fetched<byte[]>>> shasums(ProviderAddress provider, String version, boolean signature) {
        String path = sumsPath(provider, version, signature);
        return metadata.findEntry(key(), path).thenCompose(stored -> {
            if (stored.isPresent()) {
                return documents.bytes(stored.get().digest()).thenApply(b -> Optional.of(Fetched.stored(b)));
            }
            return versions(provider).thenCompose(versions -> {
                Optional<ProviderVersions.Version> entry = versions.flatMap(v -> v.value().find(version));
                if (entry.isEmpty() || entry.get().platforms().isEmpty()) {
                    return CompletableFuture.completedFuture(Optional.<Fetched<byte[]>>empty());
                }
                ProviderVersions.Platform platform = entry.get().platforms().get(0);
                return upstreamDownload(provider, new ProviderFile(provider.type(), version, platform.os(), platform.arch()))
                        .thenCompose(download -> download.isEmpty() ? CompletableFuture.completedFuture(Optional.<Fetched<byte[]>>empty())
                                : sumsDocument(provider, version, download.get().value(), signature));
            });
        });
    }

    @Override
    public CompletableFuture<Found> archive(TerraformPath.Archive archive, boolean head) {
        ProviderAddress provider = archive.provider();
        return metadata.findEntry(key(), archive.storagePath()).thenCompose(stored -> {
            if (stored.isPresent()) {
                return CompletableFuture.completedFuture(new Found.Stored(stored.get(), CacheStatus.HIT, null));
            }
            return upstreamDownload(provider, archive.file()).thenCompose(download -> {
                if (download.isEmpty()) {
                    return CompletableFuture.completedFuture(new Found.Absent("the upstream has no " + archive.file().fileName()));
                }
                Located located = download.get().value();
                return sums(provider, archive.file().version(), located).thenCompose(sums -> {
                    ProviderDownload doc = located.document();
                    Digest expected = sums.value().digest(doc.filename()).orElseThrow(() -> new BadUpstreamException(
                            "SHA256SUMS of " + provider.path() + " " + archive.file().version() + " does not list " + doc.filename()));
                    if (!expected.hex().equals(doc.shasum())) {
                        throw new BadUpstreamException("the download description of " + doc.filename() + " gives sha256 "
                                + doc.shasum() + " but SHA256SUMS gives " + expected.hex());
                    }
                    return files.find(storage(archive.storagePath()), located.at().resolve(doc.downloadUrl()), PathKind.CONTENT,
                            List.of(ContentDigest.of(expected)), head);
                });
            });
        });
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return files.forget(entry);
    }

    /** A download description and the URL it came from, which its relative URLs resolve against. */
    private record Located(ProviderDownload document, URI at) {
    }

    /** The upstream's {@code providers.v1} base URL, ending with {@code /}. */
    private CompletableFuture<Fetched<URI>> base() {
        URI discovery = URI.create(url + "/.well-known/terraform.json");
        return document(UPSTREAM + ".well-known/terraform.json", discovery, PathKind.METADATA).thenApply(doc -> {
            Fetched<byte[]> found = doc.orElseThrow(() -> new BadUpstreamException("the upstream " + url
                    + " has no /.well-known/terraform.json (is it a provider registry?)"));
            String providers = ServiceDiscovery.providers(found.value());
            return found.with(discovery.resolve(providers.endsWith("/") ? providers : providers + "/"));
        });
    }

    private CompletableFuture<Optional<Fetched<Located>>> upstreamDownload(ProviderAddress provider, ProviderFile file) {
        String rest = provider.path() + "/" + file.version() + "/download/" + file.os() + "/" + file.arch();
        return base().thenCompose(base -> {
            URI at = base.value().resolve(rest);
            return document(UPSTREAM + "v1/providers/" + rest, at, PathKind.METADATA).thenApply(doc -> doc.map(
                    d -> d.with(new Located(ProviderDownload.parse(d.value()), at)).alsoFrom(base)));
        });
    }

    private CompletableFuture<Fetched<Sha256Sums>> sums(ProviderAddress provider, String version, Located download) {
        return sumsDocument(provider, version, download, false).thenApply(doc -> {
            Fetched<byte[]> found = doc.orElseThrow(() -> new BadUpstreamException("the upstream has no SHA256SUMS for "
                    + provider.path() + " " + version));
            return found.with(Sha256Sums.parse(found.value()));
        });
    }

    private CompletableFuture<Optional<Fetched<byte[]>>> sumsDocument(ProviderAddress provider, String version, Located download,
                                                                       boolean signature) {
        ProviderDownload doc = download.document();
        URI uri = download.at().resolve(signature ? doc.shasumsSignatureUrl() : doc.shasumsUrl());
        return document(sumsPath(provider, version, signature), uri, PathKind.CONTENT);
    }

    private static String sumsPath(ProviderAddress provider, String version, boolean signature) {
        return UPSTREAM + provider.path() + "/" + version + "/SHA256SUMS" + (signature ? ".sig" : "");
    }

    private CompletableFuture<Optional<Fetched<byte[]>>> document(String path, URI uri, PathKind kind) {
        return files.find(storage(path), uri, kind, List.of(), false).thenCompose(documents::read);
    }

    private RepositoryPath storage(String path) {
        return new RepositoryPath(key(), List.of(path.split("/")), false, path);
    }
}
