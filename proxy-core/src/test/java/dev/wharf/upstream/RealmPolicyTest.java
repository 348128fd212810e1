package dev.wharf.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.NetUtil;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The token realm rules, on names that resolve to addresses of the test's choosing. */
class RealmPolicyTest {
    private static final UpstreamCredentials USER = new UpstreamCredentials("robot", "s3cret");
    private static final FixedNames NAMES = new FixedNames(Map.of(
            "registry.example.com", List.of("203.0.113.7"),
            "auth.example.com", List.of("203.0.113.8", "2001:db8::8"),
            "sneaky.example.com", List.of("203.0.113.9", "10.0.0.5"),
            "internal.example.com", List.of("10.1.2.3")));

    private static RealmPolicy policy(String baseUri, String... tokenRealms) {
        return new RealmPolicy(RemoteSettings.of(URI.create(baseUri)).withTokenRealms(List.of(tokenRealms)), host -> {
            try {
                return CompletableFuture.completedFuture(NAMES.lookup(host));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    private static Throwable refusal(CompletableFuture<Void> check) {
        try {
            check.join();
            throw new AssertionError("expected a refusal");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void loopbackLinkLocalAndPrivateAddressesAreInward() {
        for (String inward : List.of("127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "169.254.169.254", "fe80::1",
                "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1")) {
            assertThat(InwardAddresses.isInward(NetUtil.createInetAddressFromIpAddressString(inward))).as(inward).isTrue();
        }
        for (String outward : List.of("203.0.113.7", "172.32.0.1", "11.0.0.1", "2001:db8::1", "::ffff:203.0.113.7")) {
            assertThat(InwardAddresses.isInward(NetUtil.createInetAddressFromIpAddressString(outward))).as(outward).isFalse();
        }
    }

    @Test
    void credentialsGoOnlyToTheUpstreamsOwnHostAndTheListedOnes() {
        RealmPolicy policy = policy("https://Registry.Example.com/v2/", "AUTH.example.com");

        assertThat(policy.credentialsFor(URI.create("https://registry.example.com:5001/token"), USER)).isSameAs(USER);
        assertThat(policy.credentialsFor(URI.create("https://auth.example.com/token"), USER)).isSameAs(USER);
        assertThat(policy.credentialsFor(URI.create("https://other.example.com/token"), null)).isNull();
        assertThatThrownBy(() -> policy.credentialsFor(URI.create("https://other.example.com/token?account=x"), USER))
                .isInstanceOf(UpstreamProtocolException.class)
                .hasMessage("token realm https://other.example.com/token is not on the upstream's host registry.example.com,"
                        + " and Wharf sends the remote's credentials nowhere else; if other.example.com is the upstream's"
                        + " token service, add the host to the remote's tokenRealms");
    }

    @Test
    void anHttpsUpstreamGetsNoTokensOverPlainHttp() {
        RealmPolicy secure = policy("https://registry.example.com");

        assertThat(refusal(secure.checkTarget(URI.create("http://auth.example.com/token"), false)))
                .isInstanceOf(UpstreamProtocolException.class)
                .hasMessageStartingWith("token realm http://auth.example.com/token is plain http while the upstream"
                        + " https://registry.example.com is https");
        assertThat(refusal(secure.checkTarget(URI.create("http://auth.example.com/token2"), true)))
                .hasMessageStartingWith("token request redirected to http://auth.example.com/token2 is plain http");
        assertThat(secure.checkTarget(URI.create("https://auth.example.com/token"), false)).isCompleted();
        assertThat(policy("http://registry.example.com").checkTarget(URI.create("http://auth.example.com/token"), false))
                .isCompleted();
    }

    @Test
    void aPublicUpstreamsRealmsMayNotPointInward() {
        RealmPolicy policy = policy("https://registry.example.com");

        assertThat(refusal(policy.checkTarget(URI.create("https://10.0.0.5/token"), false)))
                .isInstanceOf(UpstreamProtocolException.class)
                .hasMessageStartingWith("token realm https://10.0.0.5/token is on a loopback, link-local or private address"
                        + " (10.0.0.5) while the upstream https://registry.example.com is not");
        assertThat(refusal(policy.checkTarget(URI.create("https://169.254.169.254/latest"), true)))
                .hasMessageStartingWith("token request redirected to https://169.254.169.254/latest is on a loopback");
        assertThat(refusal(policy.checkTarget(URI.create("https://[::1]:8443/token"), false))).hasMessageContaining("(0:0:0:0:0:0:0:1)");
        assertThat(refusal(policy.checkTarget(URI.create("https://sneaky.example.com/token"), false)))
                .as("any of the addresses").hasMessageContaining("(10.0.0.5)");
        assertThat(policy.checkTarget(URI.create("https://auth.example.com/token"), false)).isCompleted();
    }

    @Test
    void anInwardUpstreamMayHaveInwardRealms() {
        assertThat(policy("https://internal.example.com").checkTarget(URI.create("https://10.0.0.5/token"), false)).isCompleted();
        assertThat(policy("http://127.0.0.1:5000").checkTarget(URI.create("http://127.0.0.1:5001/token"), false)).isCompleted();
    }

    @Test
    void anUnknownRealmHostFailsToConnect() {
        assertThat(refusal(policy("https://registry.example.com").checkTarget(URI.create("https://nowhere.example.com/t"), false)))
                .isInstanceOf(UpstreamConnectException.class).hasMessageContaining("cannot resolve host nowhere.example.com");
    }

    @Test
    void tokenRealmsAreHostNames() {
        RemoteSettings settings = RemoteSettings.of(URI.create("https://registry.example.com"));

        assertThat(settings.tokenRealms()).isEmpty();
        assertThat(settings.withTokenRealms(List.of("Auth.Example.com", "[2001:db8::1]", "2001:db8::2")).tokenRealms())
                .containsExactly("auth.example.com", "2001:db8::1", "2001:db8::2");
        for (String bad : List.of("https://auth.example.com", "auth.example.com:443", "auth.example.com/token", "", "u@h")) {
            assertThatThrownBy(() -> settings.withTokenRealms(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenRealms[0]");
        }
    }
}
