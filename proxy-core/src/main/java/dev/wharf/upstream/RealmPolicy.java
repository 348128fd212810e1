package dev.wharf.upstream;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Where one remote's bearer-token requests may go. A hostile or compromised upstream names the token realm,
 * so it must not be able to harvest the remote's credentials or make Wharf send requests inward:
 * <ul>
 *   <li>The credentials go only to a realm on the upstream's own host (the host of the remote's base URI,
 *       whatever host a redirect led a request to) or on a host the remote lists in {@code tokenRealms}.
 *       A realm on any other host is refused when the remote has credentials, rather than asked for an
 *       anonymous token: an anonymous token for a private repository would only turn a misconfiguration
 *       into 401s that look like a missing repository, while the refusal says which host to list. Without
 *       credentials there is nothing to harvest, and the anonymous token request goes ahead.</li>
 *   <li>An https upstream never gets tokens from a plain-http realm, nor through a redirect to one.</li>
 *   <li>A realm, or a redirect of its token request, whose host is or resolves to any
 *       {@linkplain InwardAddresses inward address} (loopback, link-local, private) is refused unless the
 *       upstream's own host is inward too (a registry on the local network may well have its token service
 *       there).</li>
 * </ul>
 * Refusals fail with an {@link UpstreamProtocolException} saying what to change. Names are resolved with the
 * client's non-blocking resolver, whose answers the connection then uses too.
 */
final class RealmPolicy {
    private final HostKey upstream;
    private final Set<String> listedHosts;
    private final Function<String, CompletableFuture<List<InetAddress>>> addresses;

    /** @param addresses every address of a host, without blocking */
    RealmPolicy(RemoteSettings remote, Function<String, CompletableFuture<List<InetAddress>>> addresses) {
        this.upstream = HostKey.of(remote.baseUri());
        this.listedHosts = Set.copyOf(remote.tokenRealms());
        this.addresses = addresses;
    }

    /**
     * The credentials to send to {@code realm}: {@code credentials} (null for none) when the realm's host is
     * the upstream's own or listed; throws {@link UpstreamProtocolException} when credentials would go
     * elsewhere.
     */
    UpstreamCredentials credentialsFor(URI realm, UpstreamCredentials credentials) {
        String host = HostKey.of(realm).host();
        if (credentials == null || host.equals(upstream.host()) || listedHosts.contains(host)) {
            return credentials;
        }
        throw new UpstreamProtocolException("token realm " + HostKey.describe(realm) + " is not on the upstream's host "
                + upstream.host() + ", and Wharf sends the remote's credentials nowhere else; if " + host
                + " is the upstream's token service, add the host to the remote's tokenRealms", null);
    }

    /**
     * Completes when a token request may be sent to {@code target} (the realm, or where a redirect of its
     * request leads: {@code redirected}); fails with {@link UpstreamProtocolException} when it may not, or with
     * an {@link UpstreamConnectException} when its host cannot be resolved.
     */
    CompletableFuture<Void> checkTarget(URI target, boolean redirected) {
        HostKey key = HostKey.of(target);
        String what = (redirected ? "token request redirected to " : "token realm ") + HostKey.describe(target);
        if (upstream.secure() && !key.secure()) {
            return CompletableFuture.failedFuture(new UpstreamProtocolException(what + " is plain http while the upstream "
                    + upstream + " is https: tokens and credentials would travel unencrypted; serve the token"
                    + " endpoint over https", null));
        }
        return addresses.apply(key.host()).handle((found, error) -> {
            if (error != null) {
                throw Failures.connect(key, error);
            }
            return InwardAddresses.firstInward(found);
        }).thenCompose(inward -> inward == null ? CompletableFuture.completedFuture(null)
                : upstreamIsInward().thenAccept(allowed -> {
                    if (!allowed) {
                        throw new UpstreamProtocolException(what + " is on a loopback, link-local or private address ("
                                + inward.getHostAddress() + ") while the upstream " + upstream + " is not: refused, as it"
                                + " would send Wharf's requests into its own network; if the token service really is"
                                + " internal, reach the upstream at an internal address too", null);
                    }
                }));
    }

    /** True when the upstream's own host is or resolves to an inward address; false when it cannot be resolved. */
    private CompletableFuture<Boolean> upstreamIsInward() {
        return addresses.apply(upstream.host()).handle((found, error) -> error == null && InwardAddresses.firstInward(found) != null);
    }
}
