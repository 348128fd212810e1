package dev.wharf.upstream;

import dev.wharf.codec.http.AuthChallenge;
import dev.wharf.codec.http.WwwAuthenticate;
import dev.wharf.storage.ByteSources;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Carries one request through redirects and authentication challenges, one attempt at a time.
 * Redirects (301, 302, 303, 307, 308) are followed for GET and HEAD; a redirect to another origin drops
 * {@code Authorization} and the credentials. A 401 is answered once: a Bearer challenge with a token from
 * its realm, a Basic one with the credentials; otherwise, and the second time, the 401 goes to the caller,
 * the second time marked {@linkplain UpstreamResponse#authenticationRejected() as rejected authentication}.
 */
final class RequestFlow {
    /** Small bodies of answered redirects and challenges are read off so that the connection is reused. */
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final HttpTransport transport;
    private final Authenticator authenticator;
    private final int maxRedirects;
    private final HttpMethod method;
    private final Purpose purpose;
    private final Duration readTimeout;
    private final String authScope;
    private final TargetCheck targetCheck;
    private final CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
    private URI uri;
    private HttpHeaders headers;
    private UpstreamCredentials credentials;
    private String authorization;
    private boolean challengeAnswered;
    private int redirects;

    private RequestFlow(HttpTransport transport, Authenticator authenticator, int maxRedirects, HttpMethod method,
                        URI uri, HttpHeaders headers, Purpose purpose, Duration readTimeout,
                        UpstreamCredentials credentials, String authScope, String authorization,
                        TargetCheck targetCheck) {
        this.transport = transport;
        this.authenticator = authenticator;
        this.maxRedirects = maxRedirects;
        this.method = method;
        this.purpose = purpose;
        this.readTimeout = readTimeout;
        this.uri = uri;
        this.headers = headers;
        this.credentials = credentials;
        this.authScope = authScope;
        this.authorization = authorization;
        this.targetCheck = targetCheck;
    }

    /** Whether a request may go to a target, checked before each attempt; fails the flow when it may not. */
    @FunctionalInterface
    interface TargetCheck {
        CompletableFuture<Void> check(URI target, boolean redirected);
    }

    /**
     * Runs {@code request} of a remote, answering challenges with {@code authenticator} and the remote's
     * credentials; the request's read timeout, else the remote's.
     */
    static CompletableFuture<UpstreamResponse> run(UpstreamRequest request, RemoteSettings remote, HttpTransport transport,
                                                   Authenticator authenticator, int maxRedirects) {
        String preemptive = authenticator.preemptive(HostKey.of(request.uri()), request.authScope(), remote.credentials());
        Duration readTimeout = request.readTimeout() == null ? remote.readTimeout() : request.readTimeout();
        RequestFlow flow = new RequestFlow(transport, authenticator, maxRedirects, request.method(), request.uri(),
                request.headers(), request.purpose(), readTimeout, remote.credentials(), request.authScope(), preemptive,
                null);
        flow.attempt();
        return flow.result;
    }

    /**
     * A metadata GET with a fixed {@code Authorization} value (or null) that answers no challenge, and goes
     * nowhere {@code targetCheck} refuses, redirects included: token requests.
     */
    static CompletableFuture<UpstreamResponse> plainGet(URI uri, String authorization, HttpTransport transport,
                                                        int maxRedirects, Duration readTimeout, TargetCheck targetCheck) {
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ACCEPT, "application/json");
        RequestFlow flow = new RequestFlow(transport, null, maxRedirects, HttpMethod.GET, uri, headers, Purpose.METADATA,
                readTimeout, null, null, authorization, targetCheck);
        flow.attempt();
        return flow.result;
    }

    private void attempt() {
        if (targetCheck == null) {
            send();
            return;
        }
        targetCheck.check(uri, redirects > 0).whenComplete((allowed, refused) -> {
            if (refused != null) {
                result.completeExceptionally(Failures.unwrap(refused));
            } else {
                send();
            }
        });
    }

    private void send() {
        HttpHeaders h = new DefaultHttpHeaders().set(headers);
        if (authorization != null) {
            h.set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        transport.send(method, uri, h, purpose, readTimeout).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(Failures.unwrap(error));
            } else {
                onResponse(response);
            }
        });
    }

    private void onResponse(UpstreamResponse response) {
        int status = response.status();
        if (status == 401 && authenticator != null && !challengeAnswered && answerChallenge(response)) {
            return;
        }
        if (isRedirect(status) && (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))
                && response.headers().contains(HttpHeaderNames.LOCATION)) {
            redirect(response);
            return;
        }
        finish(status == 401 && challengeAnswered ? new RejectedAuthenticationResponse(response) : response);
    }

    /** True when the challenge is being answered; false to hand the 401 to the caller. */
    private boolean answerChallenge(UpstreamResponse response) {
        List<AuthChallenge> challenges = challenges(response.headers());
        HostKey host = HostKey.of(uri);
        Optional<AuthChallenge> bearer = challenges.stream()
                .filter(c -> c.isScheme("bearer") && c.realm().isPresent()).findFirst();
        if (bearer.isPresent()) {
            URI realm;
            try {
                realm = new URI(bearer.get().realm().get());
                HostKey.of(realm);
            } catch (URISyntaxException | IllegalArgumentException e) {
                response.close();
                result.completeExceptionally(new UpstreamProtocolException(HostKey.describe(uri)
                        + ": bearer challenge realm is not an absolute http(s) URL", null));
                return true;
            }
            challengeAnswered = true;
            String rejected = authorization;
            drain(response).thenCompose(v -> authenticator.bearer(host, bearer.get(), realm, authScope, credentials, rejected))
                    .whenComplete((outcome, error) -> {
                        if (error != null) {
                            result.completeExceptionally(Failures.unwrap(error));
                        } else if (outcome instanceof TokenOutcome.Granted granted) {
                            authorization = granted.token().authorization();
                            attempt();
                        } else {
                            finish(((TokenOutcome.Refused) outcome).response());
                        }
                    });
            return true;
        }
        if (credentials != null && challenges.stream().anyMatch(c -> c.isScheme("basic"))) {
            challengeAnswered = true;
            authenticator.rememberBasic(host, credentials);
            authorization = credentials.basicAuthorization();
            drain(response).thenRun(this::attempt);
            return true;
        }
        return false;
    }

    private void redirect(UpstreamResponse response) {
        String location = response.headers().get(HttpHeaderNames.LOCATION);
        if (redirects >= maxRedirects) {
            response.close();
            result.completeExceptionally(new UpstreamProtocolException(HostKey.describe(uri) + ": more than "
                    + maxRedirects + " redirects", null));
            return;
        }
        URI next;
        try {
            next = resolve(uri, location);
        } catch (URISyntaxException | IllegalArgumentException e) {
            response.close();
            result.completeExceptionally(new UpstreamProtocolException(HostKey.describe(uri)
                    + ": redirect to an invalid Location", null));
            return;
        }
        redirects++;
        if (!HostKey.of(next).equals(HostKey.of(uri))) {
            // Another origin (commonly a CDN with a presigned URL) must not see our credentials.
            credentials = null;
            challengeAnswered = false;
            headers = new DefaultHttpHeaders().set(headers).remove(HttpHeaderNames.AUTHORIZATION);
            authorization = authenticator == null ? null : authenticator.preemptive(HostKey.of(next), authScope, null);
        }
        uri = next;
        drain(response).thenRun(this::attempt);
    }

    private void finish(UpstreamResponse response) {
        if (!result.complete(response)) {
            response.close();
        }
    }

    /** Reads off and closes a response the caller will not see; completes either way. */
    private static CompletableFuture<Void> drain(UpstreamResponse response) {
        return ByteSources.readAll(response.body(), DRAIN_LIMIT, "discarded body").handle((bytes, e) -> {
            response.close();
            return null;
        });
    }

    private static List<AuthChallenge> challenges(HttpHeaders headers) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.WWW_AUTHENTICATE)) {
            try {
                out.addAll(WwwAuthenticate.parse(value));
            } catch (IllegalArgumentException oversized) {
                // An oversized header offers no challenge we can answer.
            }
        }
        return out;
    }

    /** Resolves a Location against the current URI, keeping its encoding, without user info or fragment. */
    static URI resolve(URI base, String location) throws URISyntaxException {
        URI r = base.resolve(new URI(location.trim()));
        HostKey key = HostKey.of(new URI(r.getScheme(), null, r.getHost(), r.getPort(), null, null, null));
        String host = key.host().indexOf(':') >= 0 ? "[" + key.host() + "]" : key.host();
        String path = r.getRawPath() == null || r.getRawPath().isEmpty() ? "/" : r.getRawPath();
        return new URI(key.scheme() + "://" + host + (r.getPort() >= 0 ? ":" + r.getPort() : "") + path
                + (r.getRawQuery() == null ? "" : "?" + r.getRawQuery()));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
