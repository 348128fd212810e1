package dev.wharf.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.npm.PackageName;
import dev.wharf.codec.npm.PackumentAssembly;
import dev.wharf.codec.npm.Packuments;
import dev.wharf.codec.npm.StoredVersion;
import dev.wharf.format.FormatContext;
import dev.wharf.storage.meta.CachedEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What an npm local repository stores, as metadata entries of its key over blobs, one entry per fact so that
 * writes to different versions or tags never overwrite each other:
 * <pre>
 * &lt;name&gt;/-/&lt;file&gt;.tgz      a version's tarball
 * &lt;name&gt;/-v/&lt;version&gt;     the version's manifest (JSON, its dist.tarball the bare file name)
 * &lt;name&gt;/-tag/&lt;tag&gt;       a dist-tag (the blob is the version string)
 * </pre>
 * A package name never has a segment starting with {@code -}, so these never mix with another package's. The
 * packument is assembled from them on demand.
 */
final class LocalPackages {
    private static final String VERSIONS = "/-v/";
    private static final String TAGS = "/-tag/";
    private static final String TARBALLS = "/-/";

    private final String key;
    private final FormatContext context;
    private final int maxManifestBytes;

    LocalPackages(String key, FormatContext context, int maxManifestBytes) {
        this.key = key;
        this.context = context;
        this.maxManifestBytes = maxManifestBytes;
    }

    static String tarballPath(PackageName name, String file) {
        return name + TARBALLS + file;
    }

    /** The stored versions and tags of {@code name}, or empty when it has no version. */
    CompletableFuture<Optional<Stored>> stored(PackageName name) {
        String prefix = name + "/";
        return context.metadata().listEntries(key, prefix).thenCompose(entries -> {
            List<CompletableFuture<StoredVersion>> versions = new ArrayList<>();
            Map<String, CompletableFuture<String>> tags = new LinkedHashMap<>();
            for (CachedEntry entry : entries) {
                String rest = entry.path().substring(name.toString().length());
                if (rest.startsWith(VERSIONS)) {
                    String version = rest.substring(VERSIONS.length());
                    versions.add(Blobs.read(context.blobs(), entry.digest(), maxManifestBytes, "version " + version + " of " + name)
                            .thenApply(bytes -> new StoredVersion(version, Packuments.parse(bytes, "stored version " + version
                                    + " of " + name), entry.fetchedAt())));
                } else if (rest.startsWith(TAGS)) {
                    tags.put(rest.substring(TAGS.length()), Blobs.read(context.blobs(), entry.digest(), 1024, "a dist-tag of " + name)
                            .thenApply(bytes -> new String(bytes, StandardCharsets.UTF_8)));
                }
            }
            List<CompletableFuture<?>> all = new ArrayList<>(versions);
            all.addAll(tags.values());
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
                if (versions.isEmpty()) {
                    return Optional.<Stored>empty();
                }
                Map<String, String> tagValues = new LinkedHashMap<>();
                tags.forEach((tag, version) -> tagValues.put(tag, version.join()));
                return Optional.of(new Stored(versions.stream().map(CompletableFuture::join).toList(), tagValues));
            });
        });
    }

    /** The packument assembled from what is stored, or empty. */
    CompletableFuture<Optional<ObjectNode>> packument(PackageName name) {
        return stored(name).thenApply(stored -> stored.map(s -> PackumentAssembly.assemble(name, s.versions(), s.tags())));
    }

    CompletableFuture<Optional<CachedEntry>> tarball(PackageName name, String file) {
        return context.metadata().findEntry(key, tarballPath(name, file));
    }

    CompletableFuture<Void> putTarball(PackageName name, String file, byte[] bytes) {
        return put(tarballPath(name, file), bytes, "application/octet-stream", context.clock().instant());
    }

    /** Stores a version's manifest; {@code published} is its time in the packument (kept when it is only changed). */
    CompletableFuture<Void> putVersion(PackageName name, String version, ObjectNode manifest, Instant published) {
        return put(name + VERSIONS + version, Packuments.render(manifest), "application/json", published);
    }

    CompletableFuture<Void> putTag(PackageName name, String tag, String version) {
        return put(name + TAGS + tag, version.getBytes(StandardCharsets.UTF_8), "text/plain", context.clock().instant());
    }

    CompletableFuture<Boolean> deleteTag(PackageName name, String tag) {
        return context.metadata().deleteEntry(key, name + TAGS + tag);
    }

    CompletableFuture<Boolean> deleteVersion(PackageName name, String version) {
        return context.metadata().deleteEntry(key, name + VERSIONS + version);
    }

    CompletableFuture<Boolean> deleteTarball(PackageName name, String file) {
        return context.metadata().deleteEntry(key, tarballPath(name, file));
    }

    /** Removes every entry of the package; completes with whether it had any. */
    CompletableFuture<Boolean> deletePackage(PackageName name) {
        return context.metadata().listEntries(key, name + "/").thenCompose(entries -> CompletableFuture.allOf(entries.stream()
                        .map(e -> context.metadata().deleteEntry(key, e.path(), e.variant())).toArray(CompletableFuture[]::new))
                .thenApply(v -> !entries.isEmpty()));
    }

    private CompletableFuture<Void> put(String path, byte[] bytes, String mediaType, Instant at) {
        return Blobs.store(context.blobs(), bytes).thenCompose(digest -> context.metadata().putEntry(
                new CachedEntry(key, path, "", digest, bytes.length, mediaType, null, null, at, context.clock().instant())));
    }

    /** A package's stored versions and dist-tags. */
    record Stored(List<StoredVersion> versions, Map<String, String> tags) {
        boolean has(String version) {
            return versions.stream().anyMatch(v -> v.version().equals(version));
        }
    }
}
