package dev.wharf.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens through a {@link SharedCache}: a token another replica fetched for the same realm, service,
 * scope and account is used as it is; a fetched one is put there for as long as it lives. Keys are
 * {@code token:<sha256 of the token key>}, so account names do not appear in the cache; values are the
 * expiry (epoch milliseconds) and the token. The expiry travels as wall-clock time and is turned back into
 * this replica's monotonic clock on reading; the token's own safety margin ({@link TokenFetcher#parse}) covers
 * clock skew between replicas.
 */
final class SharedTokens {
    private static final Logger LOG = LoggerFactory.getLogger(SharedTokens.class);

    private final SharedCache cache;

    SharedTokens(SharedCache cache) {
        this.cache = cache;
    }

    /**
     * The shared token for {@code key} unless it is missing, expired or the one just {@code rejected}; else
     * {@code fetch}'s, which is then shared.
     */
    CompletableFuture<BearerToken> get(TokenKey key, String rejected, Supplier<CompletableFuture<BearerToken>> fetch) {
        String cacheKey = cacheKey(key);
        return cache.get(cacheKey).handle((value, failure) -> {
            if (failure != null) {
                LOG.debug("shared token cache unavailable: {}", failure.toString());
                return Optional.<BearerToken>empty();
            }
            return value.flatMap(SharedTokens::decode)
                    .filter(token -> token.expiresAtNanos() - System.nanoTime() > 0)
                    .filter(token -> !token.authorization().equals(rejected));
        }).thenCompose(shared -> shared.isPresent() ? CompletableFuture.completedFuture(shared.get())
                : fetch.get().thenCompose(token -> share(cacheKey, token)));
    }

    private CompletableFuture<BearerToken> share(String cacheKey, BearerToken token) {
        long remainingNanos = token.expiresAtNanos() - System.nanoTime();
        if (remainingNanos <= 0) {
            return CompletableFuture.completedFuture(token);
        }
        long expiresAtMillis = System.currentTimeMillis() + Duration.ofNanos(remainingNanos).toMillis();
        return cache.put(cacheKey, expiresAtMillis + " " + token.value(), Duration.ofNanos(remainingNanos))
                .handle((v, failure) -> token);
    }

    private static Optional<BearerToken> decode(String value) {
        int space = value.indexOf(' ');
        if (space <= 0 || space == value.length() - 1) {
            return Optional.empty();
        }
        try {
            long remainingMillis = Long.parseLong(value.substring(0, space)) - System.currentTimeMillis();
            return Optional.of(new BearerToken(value.substring(space + 1),
                    System.nanoTime() + Duration.ofMillis(remainingMillis).toNanos()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String cacheKey(TokenKey key) {
        String joined = String.join("\n", key.realm(), key.service(), key.scope(), key.username());
        try {
            return "token:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
