package dev.wharf.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.npm.Integrity;
import dev.wharf.codec.npm.NpmPathException;
import dev.wharf.codec.npm.PackageName;
import dev.wharf.codec.npm.Packuments;
import dev.wharf.codec.npm.PublishDocument;
import dev.wharf.codec.npm.StoredVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Applies a document {@code PUT} to a local repository: a publish stores each new version's tarball (checked
 * against its {@code integrity} and {@code shasum}, which are filled in when the client sent none), then its
 * manifest, then its dist-tags ({@code latest} when none is given), so that a version is visible only with its
 * tarball; an update (deprecate, unpublish of a version) changes {@code deprecated}, removes the versions the
 * document no longer has, with their tarballs, and sets the dist-tags to the document's.
 */
final class LocalPublish {
    private final String key;
    private final LocalPackages packages;
    private final Clock clock;

    LocalPublish(String key, LocalPackages packages, Clock clock) {
        this.key = key;
        this.packages = packages;
        this.clock = clock;
    }

    /** Completes with a message for the client; fails with {@link VersionExistsException} or {@link NpmPathException}. */
    CompletableFuture<String> publish(PublishDocument doc) {
        PackageName name = doc.name();
        if (doc.versions().isEmpty()) {
            throw new NpmPathException("the document has attachments but no version");
        }
        List<Prepared> prepared = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> version : doc.versions().entrySet()) {
            prepared.add(prepare(doc, version.getKey(), version.getValue()));
        }
        return packages.stored(name).thenCompose(stored -> {
            for (Prepared p : prepared) {
                if (stored.isPresent() && stored.get().has(p.version())) {
                    throw new VersionExistsException(name.toString(), p.version(), key);
                }
            }
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            Instant now = clock.instant();
            for (Prepared p : prepared) {
                chain = chain.thenCompose(v -> packages.putTarball(name, p.file(), p.tarball()))
                        .thenCompose(v -> packages.putVersion(name, p.version(), p.manifest(), now));
            }
            Map<String, String> tags = doc.distTags().isEmpty()
                    ? Map.of("latest", prepared.get(prepared.size() - 1).version()) : doc.distTags();
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                chain = chain.thenCompose(v -> packages.putTag(name, tag.getKey(), tag.getValue()));
            }
            return chain.thenApply(v -> "published " + name + "@" + String.join(", ", prepared.stream().map(Prepared::version).toList()));
        });
    }

    /** Deprecations, removed versions and dist-tags of a document without attachments. */
    CompletableFuture<String> update(PublishDocument doc) {
        PackageName name = doc.name();
        return packages.stored(name).thenCompose(found -> {
            if (found.isEmpty()) {
                throw new NpmPathException("package " + name + " has no version in repository " + key + " to update (publish it with its tarball)");
            }
            LocalPackages.Stored stored = found.get();
            for (String version : doc.versions().keySet()) {
                if (!stored.has(version)) {
                    throw new NpmPathException("version " + version + " of " + name + " is not stored in repository " + key
                            + " (publish it with its tarball)");
                }
            }
            List<CompletableFuture<?>> changes = new ArrayList<>();
            for (StoredVersion version : stored.versions()) {
                ObjectNode sent = doc.versions().get(version.version());
                if (sent == null) {
                    Packuments.tarballFile(version.manifest()).ifPresent(file -> changes.add(packages.deleteTarball(name, file)));
                    changes.add(packages.deleteVersion(name, version.version()));
                } else if (!Objects.equals(deprecation(sent), deprecation(version.manifest()))) {
                    ObjectNode changed = version.manifest().deepCopy();
                    deprecation(sent).ifPresentOrElse(m -> changed.put("deprecated", m), () -> changed.remove("deprecated"));
                    changes.add(packages.putVersion(name, version.version(), changed, version.published()));
                }
            }
            for (String tag : stored.tags().keySet()) {
                if (!doc.distTags().containsKey(tag)) {
                    changes.add(packages.deleteTag(name, tag));
                }
            }
            doc.distTags().forEach((tag, version) -> {
                if (doc.versions().containsKey(version) && !version.equals(stored.tags().get(tag))) {
                    changes.add(packages.putTag(name, tag, version));
                }
            });
            return CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).thenApply(v -> "updated " + name);
        });
    }

    /** The deprecation message of a manifest; an empty one (as {@code npm deprecate <pkg> ""} sends) is none. */
    private static Optional<String> deprecation(JsonNode manifest) {
        String message = manifest.path("deprecated").asText("");
        return message.isEmpty() ? Optional.empty() : Optional.of(message);
    }

    /** Pairs a version with its attachment and checks the bytes against the digests the manifest gives. */
    private Prepared prepare(PublishDocument doc, String version, ObjectNode manifest) {
        String file = Packuments.tarballFile(manifest).filter(doc.attachments()::containsKey)
                .orElseGet(() -> doc.attachments().size() == 1 && doc.versions().size() == 1
                        ? doc.attachments().keySet().iterator().next() : null);
        if (file == null) {
            throw new NpmPathException("version " + version + " of " + doc.name() + " has no tarball among the attachments "
                    + doc.attachments().keySet());
        }
        byte[] tarball = doc.attachments().get(file);
        ObjectNode stored = NpmLocal.stored(manifest, file);
        ObjectNode dist = (ObjectNode) stored.get("dist");
        List<ContentDigest> expected = Integrity.of(dist);
        for (ContentDigest digest : expected) {
            String actual = HexFormat.of().formatHex(digest.algorithm().newHasher().digest(tarball));
            if (!actual.equals(digest.hex())) {
                throw new NpmPathException("the tarball " + file + " does not match the " + digest.algorithm().id()
                        + " its version gives (" + digest + ", the bytes are " + digest.algorithm().id() + ":" + actual + ")");
            }
        }
        ContentDigest sha512 = ContentDigest.ofBytes(ContentDigest.Algorithm.SHA512,
                ContentDigest.Algorithm.SHA512.newHasher().digest(tarball));
        if (!dist.hasNonNull("integrity")) {
            dist.put("integrity", Integrity.sri(sha512));
        }
        if (!dist.hasNonNull("shasum")) {
            dist.put("shasum", HexFormat.of().formatHex(ContentDigest.Algorithm.SHA1.newHasher().digest(tarball)));
        }
        return new Prepared(version, file, tarball, stored);
    }

    private record Prepared(String version, String file, byte[] tarball, ObjectNode manifest) {
    }
}
