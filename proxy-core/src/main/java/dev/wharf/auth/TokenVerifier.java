package dev.wharf.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.codec.auth.SignedToken;
import dev.wharf.storage.meta.ApiToken;
import dev.wharf.storage.meta.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a presented secret into its {@link Caller}: the bootstrap token (compared in constant time), a token of the
 * Docker token flow ({@link SignedToken}, whose API token is looked up again so that revoking it ends its signed
 * tokens too), or a stored API token found by the SHA-256 of the secret. Store answers, found or not, are kept for
 * {@code cacheTtl} (a few seconds), so the hot path costs no database round trip; that bounds how long a revoked
 * token still works on a replica that did not revoke it.
 */
public final class TokenVerifier {
    private final TokenStore store;
    private final String bootstrap;
    private final byte[] signingKey;
    private final Clock clock;
    private final AsyncCache<String, Optional<ApiToken>> cache;

    /** @param bootstrap the bootstrap admin token, or null for none */
    public TokenVerifier(TokenStore store, String bootstrap, byte[] signingKey, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.bootstrap = bootstrap;
        this.signingKey = signingKey.clone();
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).buildAsync();
    }

    /** The caller {@code secret} belongs to, or empty for an unknown, expired or revoked one. */
    public CompletableFuture<Optional<Caller>> verify(String secret) {
        if (bootstrap != null && TokenSecrets.same(secret, bootstrap)) {
            return CompletableFuture.completedFuture(Optional.of(Caller.BOOTSTRAP));
        }
        if (SignedToken.looksSigned(secret)) {
            Optional<SignedToken> signed = SignedToken.verify(secret, signingKey, clock.instant());
            if (signed.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            Optional<String> id = signed.get().tokenId();
            if (id.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.of(Caller.ANONYMOUS));
            }
            if (id.get().equals(Caller.BOOTSTRAP_ID)) {
                return CompletableFuture.completedFuture(bootstrap == null ? Optional.empty() : Optional.of(Caller.BOOTSTRAP));
            }
            return cache.get("id:" + id.get(), (key, executor) -> store.find(id.get())).thenApply(this::live);
        }
        String hash = TokenSecrets.sha256(secret);
        return cache.get("sha256:" + hash, (key, executor) -> store.findBySecret(hash)).thenApply(this::live);
    }

    /** Drops what this replica remembers of a token, so that its revocation takes effect here at once. */
    public void forget(ApiToken token) {
        cache.synchronous().invalidate("id:" + token.id());
        cache.synchronous().invalidate("sha256:" + token.secretSha256());
    }

    /** A signed token for {@code caller}, valid for {@code lifetime}, for the Docker token flow. */
    public String sign(Caller caller, Duration lifetime) {
        return new SignedToken(caller.name(), caller.tokenId(), clock.instant(), clock.instant().plus(lifetime)).sign(signingKey);
    }

    private Optional<Caller> live(Optional<ApiToken> token) {
        return token.filter(t -> !t.expiredAt(clock.instant())).map(Caller::of);
    }
}
