package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.failure;
import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link TokenStore} must show, run against each metadata store by subclassing. Tokens carry
 * random ids and names, and each test revokes those it made, so a shared database stays clean.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TokenStoreConformance {
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456Z");

    /** The metadata store that holds the tokens under test; closed after each test. */
    protected AutoCloseable owner;
    /** The store under test. */
    protected TokenStore tokens;
    private final List<String> made = new ArrayList<>();

    /** Opens a metadata store and answers its token store, setting {@link #owner}. */
    protected abstract TokenStore open() throws Exception;

    @BeforeEach
    final void openStore() throws Exception {
        tokens = open();
    }

    @AfterEach
    final void revokeAndClose() throws Exception {
        try {
            for (String id : made) {
                result(tokens.revoke(id));
            }
        } finally {
            owner.close();
        }
    }

    @Test
    void aCreatedTokenIsFoundBySecretAndIdWithEveryField() {
        ApiToken token = token("ci", List.of(new TokenGrant("write", "images"), new TokenGrant("read", "team-*")),
                T0.plusSeconds(3600));
        result(tokens.create(token));

        assertThat(result(tokens.findBySecret(token.secretSha256()))).contains(token);
        assertThat(result(tokens.find(token.id()))).contains(token);
        assertThat(result(tokens.find(token.id())).orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void aTokenWithoutExpiryKeepsNone() {
        ApiToken token = token("forever", List.of(new TokenGrant("admin", "*")), null);
        result(tokens.create(token));

        assertThat(result(tokens.find(token.id())).orElseThrow().expiry()).isEmpty();
    }

    @Test
    void anUnknownSecretOrIdFindsNothing() {
        assertThat(result(tokens.findBySecret(sha256()))).isEmpty();
        assertThat(result(tokens.find("nosuchtoken"))).isEmpty();
    }

    @Test
    void aTakenNameIsRefusedAndTheFirstTokenStays() {
        ApiToken first = token("dup", List.of(new TokenGrant("read", "*")), null);
        result(tokens.create(first));
        ApiToken second = new ApiToken(id(), first.name(), "someone-else", sha256(), first.grants(), T0, null);

        assertThat(failure(tokens.create(second))).isInstanceOf(DuplicateTokenException.class);
        assertThat(result(tokens.findBySecret(second.secretSha256()))).isEmpty();
        assertThat(result(tokens.find(first.id()))).contains(first);
    }

    @Test
    void listShowsEveryTokenByName() {
        ApiToken b = token("b", List.of(new TokenGrant("read", "x")), null);
        ApiToken a = token("a", List.of(new TokenGrant("write", "y")), null);
        result(tokens.create(b));
        result(tokens.create(a));

        List<ApiToken> mine = result(tokens.list()).stream().filter(t -> made.contains(t.id())).toList();
        assertThat(mine).containsExactly(a, b);
    }

    @Test
    void aRevokedTokenIsGoneAndRevokingAgainSaysSo() {
        ApiToken token = token("gone", List.of(new TokenGrant("read", "*")), null);
        result(tokens.create(token));

        assertThat(result(tokens.revoke(token.id()))).isTrue();
        assertThat(result(tokens.findBySecret(token.secretSha256()))).isEmpty();
        assertThat(result(tokens.find(token.id()))).isEmpty();
        assertThat(result(tokens.revoke(token.id()))).isFalse();
    }

    @Test
    void aTokenSurvivesReopeningTheStore() throws Exception {
        ApiToken token = token("kept", List.of(new TokenGrant("write", "generic-*")), T0);
        result(tokens.create(token));
        owner.close();
        tokens = open();

        assertThat(result(tokens.findBySecret(token.secretSha256()))).contains(token);
    }

    /** A token with a fresh id and secret, and a name unique to this run; remembered for clean-up. */
    private ApiToken token(String name, List<TokenGrant> grants, Instant expiresAt) {
        ApiToken token = new ApiToken(id(), name + "-" + UUID.randomUUID().toString().substring(0, 8), "owner-" + name,
                sha256(), grants, T0, expiresAt);
        made.add(token.id());
        return token;
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static String sha256() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
