package dev.wharf.upstream;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.wharf.codec.http.AuthChallenge;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The authentication state of one {@link Upstream}: how each host asked to authenticate (which bearer realm
 * and service, or Basic), so that later requests can send credentials without first taking a 401, and the
 * bearer tokens by (realm, service, scope, account). Concurrent challenges for one token key share one fetch;
 * a token is kept until shortly before its lifetime ends, a failed or refused fetch not at all, and shared with
 * the other replicas of a cluster ({@link SharedTokens}). Every cache
 * is bounded. Which realms get the credentials is the {@link RealmPolicy}'s call. Thread-safe.
 */
final class Authenticator {
    /** Token keys kept: one per scope (image) in use, so generous. */
    private static final int MAX_TOKENS = 10_000;
    /** Hosts whose way of authenticating is remembered: the registry, its CDNs and token services. */
    private static final int MAX_HOSTS = 256;

    private final TokenFetcher fetcher;
    private final RealmPolicy policy;
    private final SharedTokens shared;
    private final Cache<HostKey, Realm> realms = Caffeine.newBuilder().maximumSize(MAX_HOSTS).build();
    private final Cache<BasicHost, Boolean> basicHosts = Caffeine.newBuilder().maximumSize(MAX_HOSTS).build();
    private final AsyncCache<TokenKey, BearerToken> tokens = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(new TokenLifetime())
            .buildAsync();

    /** Tokens are fetched by {@code fetcher} unless another replica shares one through {@code shared}. */
    Authenticator(TokenFetcher fetcher, RealmPolicy policy, SharedTokens shared) {
        this.fetcher = fetcher;
        this.policy = policy;
        this.shared = shared;
    }

    /**
     * The {@code Authorization} value to send to {@code host} before any challenge, or null: a cached token
     * for the host's realm and {@code authScope}, or Basic credentials for a host that asked for Basic.
     */
    String preemptive(HostKey host, String authScope, UpstreamCredentials credentials) {
        Realm realm = realms.getIfPresent(host);
        if (realm != null && authScope != null) {
            BearerToken token = issued(tokens.getIfPresent(new TokenKey(realm.uri().toString(), realm.service(), authScope,
                    username(credentials))));
            if (token != null) {
                return token.authorization();
            }
        }
        if (credentials != null && basicHosts.getIfPresent(new BasicHost(host, credentials.username())) != null) {
            return credentials.basicAuthorization();
        }
        return null;
    }

    /** Notes that {@code host} asked for Basic authentication. */
    void rememberBasic(HostKey host, UpstreamCredentials credentials) {
        basicHosts.put(new BasicHost(host, credentials.username()), Boolean.TRUE);
    }

    /**
     * A token answering {@code challenge} from {@code host}: the cached one unless it is the one just rejected,
     * else the one being fetched, else a fresh one from the realm. The scope is the challenge's, else
     * {@code authScope}. A refusal comes back as a response of the caller's own; a realm the policy refuses
     * credentials fails with an {@link UpstreamProtocolException}.
     */
    CompletableFuture<TokenOutcome> bearer(HostKey host, AuthChallenge challenge, URI realmUri, String authScope,
                                           UpstreamCredentials credentials, String rejectedAuthorization) {
        String service = challenge.service().orElse("");
        String scope = challenge.scope().orElse(authScope == null ? "" : authScope);
        UpstreamCredentials sent;
        try {
            sent = policy.credentialsFor(realmUri, credentials);
        } catch (UpstreamProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
        realms.put(host, new Realm(realmUri, service));
        TokenKey key = new TokenKey(realmUri.toString(), service, scope, username(sent));
        CompletableFuture<BearerToken> current = tokens.getIfPresent(key);
        BearerToken cached = issued(current);
        if (cached != null && cached.authorization().equals(rejectedAuthorization)) {
            tokens.asMap().remove(key, current);
        }
        return tokens.get(key, (k, executor) -> shared.get(key, rejectedAuthorization, () -> fetcher.fetch(realmUri,
                        service.isEmpty() ? null : service, scope.isEmpty() ? null : scope, sent)))
                .<TokenOutcome>thenApply(TokenOutcome.Granted::new)
                .exceptionally(e -> {
                    Throwable cause = Failures.unwrap(e);
                    if (cause instanceof TokenRefusedException refused) {
                        return new TokenOutcome.Refused(refused.response());
                    }
                    throw e instanceof CompletionException c ? c : new CompletionException(cause);
                });
    }

    /** The token of a fetch that succeeded, or null while it runs, after it failed, or for none. */
    private static BearerToken issued(CompletableFuture<BearerToken> fetch) {
        return fetch != null && fetch.isDone() && !fetch.isCompletedExceptionally() ? fetch.join() : null;
    }

    private static String username(UpstreamCredentials credentials) {
        return credentials == null ? "" : credentials.username();
    }

    /** A token lives until its own expiry (lifetime less a margin, see {@link TokenFetcher#parse}). */
    private static final class TokenLifetime implements Expiry<TokenKey, BearerToken> {
        @Override
        public long expireAfterCreate(TokenKey key, BearerToken token, long nowNanos) {
            return Math.max(0, token.expiresAtNanos() - nowNanos);
        }

        @Override
        public long expireAfterUpdate(TokenKey key, BearerToken token, long nowNanos, long currentNanos) {
            return expireAfterCreate(key, token, nowNanos);
        }

        @Override
        public long expireAfterRead(TokenKey key, BearerToken token, long nowNanos, long currentNanos) {
            return currentNanos;
        }
    }

    /** A host's bearer realm and service. */
    private record Realm(URI uri, String service) {
        Realm {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** A host that asked the given account for Basic credentials. */
    private record BasicHost(HostKey host, String username) {
    }
}
