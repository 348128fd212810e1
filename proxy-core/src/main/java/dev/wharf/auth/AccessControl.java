package dev.wharf.auth;

import dev.wharf.codec.auth.PresentedSecret;
import dev.wharf.config.AuthConfig;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.WharfConfig;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.TokenStore;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a request comes from and what it may do. {@link #authenticate} reads the {@code Authorization} header (HTTP
 * Basic with the token as password, or Bearer), verifies the token ({@link TokenVerifier}) and rate limits failures
 * per client address ({@code auth.maxFailures} per {@code auth.failureWindow}: a 429 after that, without the secret
 * being checked). A failure is counted ({@code wharf_auth_failures_total}) and logged with the address and scheme,
 * never the secret. Reads need {@code read} on the repository, or anonymous reads allowed there
 * ({@code repositories[].anonymousRead}, else {@code auth.anonymousRead}); writes need {@code write}; the admin API
 * an admin of every repository.
 */
public final class AccessControl {
    /** The caller of the channel's current request, set by {@link #authenticate}, for handlers deep down (mounts). */
    public static final AttributeKey<Caller> CALLER = AttributeKey.valueOf("wharf.caller");
    /** How long a signed token of the Docker token flow is valid. */
    public static final Duration SIGNED_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** How long a replica trusts what it looked up of a token: the bound on how late a revocation reaches it. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    private final boolean anonymousRead;
    private final Map<String, Boolean> anonymousReadByKey = new HashMap<>();
    private final TokenVerifier verifier;
    private final FailedAuthentications failures;
    private final AuthMetrics metrics = new AuthMetrics();
    private final TokenStore tokens;

    /** Access as {@code config} sets it, over {@code tokens}; signed tokens use a key from {@code cluster.secret}, else a random one. */
    public AccessControl(WharfConfig config, TokenStore tokens, Clock clock) {
        AuthConfig auth = config.auth();
        this.anonymousRead = auth.anonymousRead();
        for (RepositoryConfig repo : config.repositories()) {
            if (repo.anonymousRead() != null) {
                anonymousReadByKey.put(repo.key(), repo.anonymousRead());
            }
        }
        this.tokens = tokens;
        this.verifier = new TokenVerifier(tokens, auth.bootstrapToken(), signingKey(config.cluster().secret()), clock, CACHE_TTL);
        this.failures = new FailedAuthentications(auth.maxFailures(), auth.failureWindow(), clock);
    }

    /**
     * Replicas sharing {@code cluster.secret} accept each other's signed tokens; without it each replica signs with a
     * key of its own (a client sent to another replica then gets a 401 and fetches a new token).
     */
    private static byte[] signingKey(String clusterSecret) {
        if (clusterSecret == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(("wharf docker token key\n" + clusterSecret)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token store, for the admin API. */
    public TokenStore tokens() {
        return tokens;
    }

    /** The verifier, for the admin API (revocation) and the Docker token flow (signing). */
    public TokenVerifier verifier() {
        return verifier;
    }

    /** The failure counter, for {@code /metrics}. */
    public MeterBinder metrics() {
        return metrics;
    }

    /**
     * The caller of {@code exchange}: {@link Caller#ANONYMOUS} without an {@code Authorization} header, else the
     * token's caller; fails with an {@link AuthenticationException} for credentials that do not authenticate or an
     * address refused for too many failures. Completes at once for anonymous requests and cached tokens.
     */
    public CompletableFuture<Caller> authenticate(Exchange exchange) {
        String header = exchange.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null) {
            exchange.ctx().channel().attr(CALLER).set(Caller.ANONYMOUS);
            return CompletableFuture.completedFuture(Caller.ANONYMOUS);
        }
        String address = address(exchange.ctx().channel().remoteAddress());
        long retryAfter = failures.retryAfterSeconds(address);
        if (retryAfter > 0) {
            metrics.rateLimited();
            return CompletableFuture.failedFuture(new AuthenticationException(
                    "too many failed authentications from " + address + "; try again in " + retryAfter + " s", retryAfter));
        }
        Optional<PresentedSecret> presented;
        try {
            presented = PresentedSecret.parse(header);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(failed(address, "?", e.getMessage()));
        }
        PresentedSecret secret = presented.orElseThrow();
        return verifier.verify(secret.secret()).thenApply(caller -> {
            if (caller.isEmpty()) {
                throw failed(address, secret.scheme(), "unknown, expired or revoked token");
            }
            exchange.ctx().channel().attr(CALLER).set(caller.get());
            return caller.get();
        });
    }

    private AuthenticationException failed(String address, String scheme, String reason) {
        failures.failed(address);
        metrics.invalid();
        LOG.warn("authentication failed from {} ({} credentials): {}", address, scheme, reason);
        return new AuthenticationException("authentication failed: " + reason, 0);
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    /** True when {@code caller} may read repository {@code key}. */
    public boolean mayRead(Caller caller, String key) {
        return caller.has(Permission.READ, key) || anonymousReadByKey.getOrDefault(key, anonymousRead);
    }

    /** True when {@code caller} may write to repository {@code key} (push, upload, delete). */
    public boolean mayWrite(Caller caller, String key) {
        return caller.has(Permission.WRITE, key);
    }

    /** The caller {@link #authenticate} set for the channel's current request. */
    public static Caller callerOf(Exchange exchange) {
        Caller caller = exchange.ctx().channel().attr(CALLER).get();
        return caller == null ? Caller.ANONYMOUS : caller;
    }
}
