package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.bodyText;
import static dev.wharf.upstream.Clients.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import dev.wharf.storage.coord.LocalCoordination;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bearer-token dance against a registry and a separate token endpoint, and Basic challenges. */
@Timeout(30)
class AuthenticationTest {
    private static final UpstreamCredentials USER = new UpstreamCredentials("user", "s3cret");
    private static final String SCOPE = "repository:x:pull";
    @RegisterExtension
    final UpstreamFixture fixture = UpstreamFixture.nio();
    private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private final AtomicInteger tokenStatus = new AtomicInteger(200);
    private final AtomicReference<String> tokenBody = new AtomicReference<>();
    private final AtomicReference<String> challengeScope = new AtomicReference<>(SCOPE);
    private volatile boolean registryAcceptsTokens = true;
    /** How long the token endpoint takes to answer, so that concurrent challenges overlap its fetch. */
    private volatile long tokenDelayMillis;
    private TestServer tokens;
    private TestServer registry;
    private Upstream withUser;
    private Upstream anonymous;

    @BeforeEach
    void start() throws Exception {
        tokenBody.set(null);
        tokens = fixture.server((ctx, request) -> {
            int n = tokenCalls.incrementAndGet();
            int status = tokenStatus.get();
            String token = "tok-" + n;
            String body = tokenBody.get() == null ? "{\"token\":\"" + token + "\",\"expires_in\":300,\"issued_at\":\"2024-01-01T00:00:00Z\"}"
                    : tokenBody.get().replace("TOKEN", token);
            ctx.executor().schedule(() -> {
                if (status != 200) {
                    TestServer.respond(ctx, status, "denied");
                } else {
                    acceptedTokens.add(token);
                    TestServer.respond(ctx, 200, body, "Content-Type", "application/json");
                }
            }, tokenDelayMillis, TimeUnit.MILLISECONDS);
        });
        registry = fixture.server((ctx, request) -> {
            String path = URI.create(request.uri()).getPath();
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (path.equals("/basic")) {
                if (USER.basicAuthorization().equals(authorization)) {
                    TestServer.respond(ctx, 200, "basic ok");
                } else {
                    TestServer.respond(ctx, 401, "", "WWW-Authenticate", "Basic realm=\"test\"");
                }
                return;
            }
            if (registryAcceptsTokens && authorization != null && authorization.startsWith("Bearer ")
                    && acceptedTokens.contains(authorization.substring(7))) {
                TestServer.respond(ctx, 200, "manifest");
                return;
            }
            TestServer.respond(ctx, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}", "WWW-Authenticate",
                    "Bearer realm=\"" + tokens.uri("/token") + "\",service=\"registry.test\",scope=\"" + challengeScope.get() + "\"");
        });
        withUser = remote(USER);
        anonymous = remote(null);
    }

    private Upstream remote(UpstreamCredentials credentials) {
        return fixture.remote(RemoteSettings.of(registry.uri("/")).withCredentials(credentials));
    }

    private UpstreamRequest manifest() {
        return new UpstreamRequest(HttpMethod.GET, registry.uri("/v2/x/manifests/latest"), null, SCOPE, Purpose.METADATA, null);
    }

    @Test
    void twoRequestsFetchOneTokenAndTheSecondSendsItAtOnce() throws Exception {
        assertThat(bodyText(await(withUser.execute(manifest())))).isEqualTo("manifest");
        assertThat(bodyText(await(withUser.execute(manifest())))).isEqualTo("manifest");

        assertThat(tokenCalls).hasValue(1);
        assertThat(registry.requests()).extracting(r -> r.headers().get(HttpHeaderNames.AUTHORIZATION))
                .containsExactly(null, "Bearer tok-1", "Bearer tok-1");
        TestServer.Recorded tokenRequest = tokens.requests().get(0);
        assertThat(tokenRequest.uri()).isEqualTo("/token?service=registry.test&scope=repository%3Ax%3Apull");
        assertThat(tokenRequest.headers().get(HttpHeaderNames.AUTHORIZATION)).isEqualTo(USER.basicAuthorization());
        assertThat(registry.connections()).isEqualTo(1);
    }

    @Test
    void replicasSharingATokenCacheFetchOneTokenForAllOfThem() throws Exception {
        LocalCoordination redisStandIn = new LocalCoordination();
        Upstream[] replicas = new Upstream[2];
        List<Duration> ttls = new CopyOnWriteArrayList<>();
        for (int i = 0; i < replicas.length; i++) {
            replicas[i] = fixture.client(new SharedCache() {
                @Override
                public CompletableFuture<Optional<String>> get(String key) {
                    return redisStandIn.cacheGet(key);
                }

                @Override
                public CompletableFuture<Void> put(String key, String value, Duration ttl) {
                    ttls.add(ttl);
                    return redisStandIn.cachePut(key, value, ttl);
                }
            }).remote(RemoteSettings.of(registry.uri("/")).withCredentials(USER));
        }

        assertThat(bodyText(await(replicas[0].execute(manifest())))).isEqualTo("manifest");
        assertThat(bodyText(await(replicas[1].execute(manifest())))).isEqualTo("manifest");

        assertThat(tokenCalls).as("token fetches by both replicas").hasValue(1);
        assertThat(ttls).singleElement().satisfies(ttl -> assertThat(ttl).isBetween(Duration.ofSeconds(200), Duration.ofSeconds(300)));

        // The registry stops taking the shared token: the next replica to meet that fetches a new one and shares it.
        acceptedTokens.clear();
        assertThat(bodyText(await(replicas[1].execute(manifest())))).isEqualTo("manifest");
        assertThat(tokenCalls).hasValue(2);
        assertThat(registry.requests()).last().extracting(r -> r.headers().get(HttpHeaderNames.AUTHORIZATION))
                .isEqualTo("Bearer tok-2");
    }

    @Test
    void concurrentChallengesShareOneTokenFetch() throws Exception {
        tokenDelayMillis = 300;
        List<CompletableFuture<UpstreamResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(withUser.execute(manifest()));
        }

        for (CompletableFuture<UpstreamResponse> response : responses) {
            assertThat(bodyText(await(response))).isEqualTo("manifest");
        }
        assertThat(tokenCalls).hasValue(1);
    }

    @Test
    void concurrentRefusalsEachGetTheRefusal() throws Exception {
        tokenDelayMillis = 300;
        tokenStatus.set(403);
        List<CompletableFuture<UpstreamResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(withUser.execute(manifest()));
        }

        for (CompletableFuture<UpstreamResponse> response : responses) {
            UpstreamResponse refusal = await(response);
            assertThat(refusal.status()).isEqualTo(403);
            assertThat(bodyText(refusal)).isEqualTo("denied");
        }
        assertThat(tokenCalls).hasValue(1);
    }

    @Test
    void aFailedTokenFetchIsNotCached() throws Exception {
        tokenStatus.set(503);
        UpstreamResponse refusal = await(withUser.execute(manifest()));
        assertThat(refusal.status()).isEqualTo(503);
        refusal.close();
        tokenStatus.set(200);
        tokenBody.set("not json");
        assertThat(failure(withUser.execute(manifest()))).isInstanceOf(UpstreamProtocolException.class);

        tokenBody.set(null);
        assertThat(bodyText(await(withUser.execute(manifest())))).isEqualTo("manifest");
        assertThat(tokenCalls).hasValue(3);
    }

    @Test
    void anonymousRequestsGetAnonymousTokens() throws Exception {
        assertThat(bodyText(await(anonymous.execute(manifest())))).isEqualTo("manifest");

        assertThat(tokens.requests().get(0).headers().contains(HttpHeaderNames.AUTHORIZATION)).isFalse();
    }

    @Test
    void eachRemoteKeepsItsOwnTokens() throws Exception {
        await(withUser.execute(manifest())).close();
        await(anonymous.execute(manifest())).close();
        await(remote(USER).execute(manifest())).close();
        await(withUser.execute(manifest())).close();

        assertThat(tokenCalls).hasValue(3);
    }

    @Test
    void expiredTokenIsFetchedAgain() throws Exception {
        tokenBody.set("{\"token\":\"TOKEN\",\"expires_in\":1}");
        assertThat(bodyText(await(withUser.execute(manifest())))).isEqualTo("manifest");
        Thread.sleep(1_100);

        assertThat(bodyText(await(withUser.execute(manifest())))).isEqualTo("manifest");
        assertThat(tokenCalls).hasValue(2);
    }

    @Test
    void acceptsAccessTokenField() throws Exception {
        tokenBody.set("{\"access_token\":\"TOKEN\"}");

        assertThat(bodyText(await(withUser.execute(manifest())))).isEqualTo("manifest");
    }

    @Test
    void challengeScopeWithCommasReachesTheTokenEndpointWhole() throws Exception {
        challengeScope.set("repository:x:pull,push");

        assertThat(bodyText(await(withUser.execute(manifest())))).isEqualTo("manifest");
        assertThat(tokens.requests().get(0).uri()).endsWith("scope=repository%3Ax%3Apull%2Cpush");
    }

    @Test
    void tokenEndpointRefusalIsReturnedAsIs() throws Exception {
        tokenStatus.set(401);

        UpstreamResponse response = await(withUser.execute(manifest()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.authenticationRejected()).as("a refusal of the token endpoint").isFalse();
        assertThat(response.uri().getPath()).isEqualTo("/token");
        assertThat(bodyText(response)).isEqualTo("denied");
    }

    @Test
    void secondUnauthorizedIsReturnedAsIs() throws Exception {
        registryAcceptsTokens = false;

        UpstreamResponse response = await(withUser.execute(manifest()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.authenticationRejected()).isTrue();
        assertThat(bodyText(response)).contains("UNAUTHORIZED");
        assertThat(tokenCalls).hasValue(1);
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void malformedTokenResponseFailsWithoutLeakingSecrets() throws Exception {
        tokenBody.set("<html>s3cret TOKEN</html>");

        Throwable failure = failure(withUser.execute(manifest()));

        assertThat(failure).isInstanceOf(UpstreamProtocolException.class).hasMessageContaining("token response")
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("tok-").hasMessageNotContaining("scope=");
    }

    @Test
    void oversizedTokenResponseFails() throws Exception {
        tokenBody.set("{\"token\":\"TOKEN\",\"pad\":\"" + "p".repeat(70_000) + "\"}");

        assertThat(failure(withUser.execute(manifest()))).isInstanceOf(UpstreamProtocolException.class)
                .hasMessageContaining("longer than 65536 bytes");
    }

    @Test
    void basicChallengeIsAnsweredOnceAndRemembered() throws Exception {
        UpstreamRequest request = UpstreamRequest.get(registry.uri("/basic"));

        assertThat(bodyText(await(withUser.execute(request)))).isEqualTo("basic ok");
        assertThat(bodyText(await(withUser.execute(request)))).isEqualTo("basic ok");

        assertThat(registry.requests()).extracting(r -> r.headers().get(HttpHeaderNames.AUTHORIZATION))
                .containsExactly(null, USER.basicAuthorization(), USER.basicAuthorization());
    }

    @Test
    void basicChallengeWithWrongOrNoCredentialsIsReturned() throws Exception {
        UpstreamRequest basic = UpstreamRequest.get(registry.uri("/basic"));
        assertThat(await(remote(new UpstreamCredentials("user", "wrong")).execute(basic))).satisfies(r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.authenticationRejected()).isTrue();
            r.close();
        });
        assertThat(registry.requests()).hasSize(2);

        UpstreamResponse refused = await(anonymous.execute(basic));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.authenticationRejected()).as("no credentials to answer with").isFalse();
        refused.close();
        assertThat(registry.requests()).hasSize(3);
    }
}
