package dev.wharf.storage.meta;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where API tokens live, in the metadata database beside the entries (shared by every replica in the cluster
 * shape). Non-blocking like {@link MetadataStore}: JDBC runs on the store's executor. A change is durable once its
 * future completed.
 */
public interface TokenStore {
    /** Adds a token; fails with {@link DuplicateTokenException} when its id, name or secret is taken. */
    CompletableFuture<Void> create(ApiToken token);

    /** The token whose secret hashes to {@code secretSha256}, or empty. */
    CompletableFuture<Optional<ApiToken>> findBySecret(String secretSha256);

    /** The token with this id, or empty. */
    CompletableFuture<Optional<ApiToken>> find(String id);

    /** Every token, ordered by name. */
    CompletableFuture<List<ApiToken>> list();

    /** Removes the token with this id; completes with whether it existed. */
    CompletableFuture<Boolean> revoke(String id);
}
