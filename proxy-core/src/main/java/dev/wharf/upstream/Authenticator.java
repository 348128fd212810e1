package dev.wharf.upstream;

import dev.wharf.codec.http.AuthChallenge;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers how each upstream host asked to authenticate (which bearer realm and service, or Basic) and
 * caches bearer tokens by (realm, service, scope, username) until shortly before they expire, so that later
 * requests can send credentials without first taking a 401. Thread-safe.
 */
final class Authenticator {
    private final TokenFetcher fetcher;
    private final ConcurrentMap<HostKey, Realm> realms = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, BearerToken> tokens = new ConcurrentHashMap<>();
    private final Set<BasicHost> basicHosts = ConcurrentHashMap.newKeySet();

    Authenticator(TokenFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * The {@code Authorization} value to send to {@code host} before any challenge, or null: a cached token
     * for the host's realm and {@code authScope}, or Basic credentials for a host that asked for Basic.
     */
    String preemptive(HostKey host, String authScope, UpstreamCredentials credentials) {
        Realm realm = realms.get(host);
        if (realm != null && authScope != null) {
            BearerToken token = tokens.get(new TokenKey(realm.uri().toString(), realm.service(), authScope, username(credentials)));
            if (token != null && token.usableAt(System.nanoTime())) {
                return token.authorization();
            }
        }
        if (credentials != null && basicHosts.contains(new BasicHost(host, credentials.username()))) {
            return credentials.basicAuthorization();
        }
        return null;
    }

    /** Notes that {@code host} asked for Basic authentication. */
    void rememberBasic(HostKey host, UpstreamCredentials credentials) {
        basicHosts.add(new BasicHost(host, credentials.username()));
    }

    /**
     * A token answering {@code challenge} from {@code host}: a cached one, unless it is the one just
     * rejected, or a fresh one from the realm. The scope is the challenge's, else {@code authScope}.
     */
    CompletableFuture<TokenOutcome> bearer(HostKey host, AuthChallenge challenge, URI realmUri, String authScope,
                                           UpstreamCredentials credentials, String rejectedAuthorization) {
        String service = challenge.service().orElse("");
        String scope = challenge.scope().orElse(authScope == null ? "" : authScope);
        realms.put(host, new Realm(realmUri, service));
        TokenKey key = new TokenKey(realmUri.toString(), service, scope, username(credentials));
        BearerToken cached = tokens.get(key);
        if (cached != null && cached.usableAt(System.nanoTime())
                && !cached.authorization().equals(rejectedAuthorization)) {
            return CompletableFuture.completedFuture(new TokenOutcome.Granted(cached));
        }
        return fetcher.fetch(realmUri, service.isEmpty() ? null : service, scope.isEmpty() ? null : scope, credentials)
                .thenApply(outcome -> {
                    if (outcome instanceof TokenOutcome.Granted granted) {
                        long now = System.nanoTime();
                        tokens.values().removeIf(t -> !t.usableAt(now));
                        tokens.put(key, granted.token());
                    }
                    return outcome;
                });
    }

    private static String username(UpstreamCredentials credentials) {
        return credentials == null ? "" : credentials.username();
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
