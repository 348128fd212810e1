package dev.wharf.cache;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Digest;
import dev.wharf.storage.blob.BlobWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ends a fill whose body arrived whole: checks every digest the protocol gave, commits the blob under its
 * sha256 (the writer checks an expected sha256 itself), then lets the format record it. Nothing becomes
 * visible unless every check passed; the caller aborts the writers on failure.
 */
final class FillCommit {
    private FillCommit() {
    }

    /** The distinct sha256 digests among {@code expected}: the content address, when the protocol gives one. */
    static List<Digest> sha256s(List<ContentDigest> expected) {
        return expected.stream().filter(d -> d.algorithm() == ContentDigest.Algorithm.SHA256)
                .map(ContentDigest::toDigest).distinct().toList();
    }

    static CompletableFuture<Committed> run(BlobWriter store, ExtraDigests digests, List<ContentDigest> expected,
                                            long size, String contentType, FillSource source) {
        List<Digest> sha256 = sha256s(expected);
        if (sha256.size() > 1) {
            return CompletableFuture.failedFuture(new FillException("the upstream gave conflicting sha256 digests " + sha256));
        }
        return digests.verify()
                .thenCompose(v -> sha256.isEmpty() ? store.commit() : store.commit(sha256.get(0)))
                .thenCompose(digest -> {
                    Committed committed = new Committed(digest, size, contentType);
                    return source.committed(committed).thenApply(v -> committed);
                });
    }
}
