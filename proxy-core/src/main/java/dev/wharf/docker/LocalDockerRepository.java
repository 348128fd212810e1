package dev.wharf.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.Reference;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.storage.meta.MetadataStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * What a Docker local repository holds, as metadata rows of its key (the bytes are in the blob store under
 * their digest, shared by every repository):
 * <ul>
 *   <li>{@code <name>/blobs/<digest>}: the blob is linked into the image {@code name} (pushed, or mounted);</li>
 *   <li>{@code <name>/manifests/<digest>}: a manifest, its media type and size; {@code <name>/manifests/<tag>}: a
 *       tag, pointing at the manifest's digest;</li>
 *   <li>{@code <name>/_referrers/<subject>/<digest>}: a manifest whose {@code subject} is {@code <subject>}.</li>
 * </ul>
 * No name component begins with {@code _} and none ends a path with {@code manifests/<x>/...}, so the rows of
 * one name never read as another's: a row belongs to the name before its last {@code /manifests/}.
 */
final class LocalDockerRepository {
    private static final String MANIFESTS = "/manifests/";
    private static final String BLOBS = "/blobs/";
    private static final String REFERRERS = "/_referrers/";

    private final String key;
    private final MetadataStore metadata;

    LocalDockerRepository(String key, MetadataStore metadata) {
        this.key = key;
        this.metadata = metadata;
    }

    String key() {
        return key;
    }

    static String blobPath(ImageName name, Digest digest) {
        return name.value() + BLOBS + digest;
    }

    static String manifestPath(ImageName name, Reference reference) {
        return name.value() + MANIFESTS + reference;
    }

    private static String referrersPrefix(ImageName name, Digest subject) {
        return name.value() + REFERRERS + subject + "/";
    }

    /** The blob's link into {@code name}, or empty when it is not part of the image. */
    CompletableFuture<Optional<CachedEntry>> blob(ImageName name, Digest digest) {
        return metadata.findEntry(key, blobPath(name, digest));
    }

    /** Links a stored blob into {@code name}; linking it again refreshes the row. */
    CompletableFuture<Void> link(ImageName name, Digest digest, long size, Instant now) {
        return metadata.putEntry(new CachedEntry(key, blobPath(name, digest), digest, size, null, null, null, now, now));
    }

    CompletableFuture<Boolean> unlink(ImageName name, Digest digest) {
        return metadata.deleteEntry(key, blobPath(name, digest));
    }

    /** The manifest a tag or digest names in {@code name}, or empty. */
    CompletableFuture<Optional<CachedEntry>> manifest(ImageName name, Reference reference) {
        return metadata.findEntry(key, manifestPath(name, reference));
    }

    /** Records a manifest (stored already) under {@code reference}: its digest, or a tag pointing at it. */
    CompletableFuture<Void> putManifest(ImageName name, Reference reference, Digest digest, long size, String mediaType,
                                        Instant now) {
        return metadata.putEntry(new CachedEntry(key, manifestPath(name, reference), digest, size, mediaType, null, null,
                now, now));
    }

    CompletableFuture<Boolean> deleteManifestRow(ImageName name, Reference reference) {
        return metadata.deleteEntry(key, manifestPath(name, reference));
    }

    /** Every row under {@code <name>/manifests/}, tags and digests, of this name only. */
    CompletableFuture<List<CachedEntry>> manifestRows(ImageName name) {
        String prefix = name.value() + MANIFESTS;
        return metadata.listEntries(key, prefix).thenApply(rows -> rows.stream()
                .filter(row -> row.path().indexOf('/', prefix.length()) < 0).toList());
    }

    /** The tags of {@code name}, sorted; empty when the repository holds no manifest of it (an unknown name). */
    CompletableFuture<Optional<List<String>>> tags(ImageName name) {
        int start = name.value().length() + MANIFESTS.length();
        return manifestRows(name).thenApply(rows -> rows.isEmpty() ? Optional.empty()
                : Optional.of(rows.stream().map(row -> row.path().substring(start))
                .filter(reference -> reference.indexOf(':') < 0).sorted().toList()));
    }

    /** Every image name holding a manifest, sorted. */
    CompletableFuture<List<String>> names() {
        return metadata.listEntries(key, "").thenApply(rows -> {
            TreeSet<String> names = new TreeSet<>();
            for (CachedEntry row : rows) {
                int at = row.path().lastIndexOf(MANIFESTS);
                if (at > 0 && row.path().indexOf('/', at + MANIFESTS.length()) < 0) {
                    names.add(row.path().substring(0, at));
                }
            }
            return List.copyOf(names);
        });
    }

    /** Records that {@code referrer} (a manifest of {@code name}) has {@code subject} as its subject. */
    CompletableFuture<Void> putReferrer(ImageName name, Digest subject, Digest referrer, long size, String mediaType,
                                        Instant now) {
        return metadata.putEntry(new CachedEntry(key, referrersPrefix(name, subject) + referrer, referrer, size, mediaType,
                null, null, now, now));
    }

    CompletableFuture<Boolean> deleteReferrer(ImageName name, Digest subject, Digest referrer) {
        return metadata.deleteEntry(key, referrersPrefix(name, subject) + referrer);
    }

    /** The manifests whose subject is {@code subject}, ordered by digest. */
    CompletableFuture<List<CachedEntry>> referrers(ImageName name, Digest subject) {
        String prefix = referrersPrefix(name, subject);
        return metadata.listEntries(key, prefix).thenApply(rows -> rows.stream()
                .filter(row -> row.path().indexOf('/', prefix.length()) < 0).toList());
    }
}
