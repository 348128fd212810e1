package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.OpenPgpKey;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.ProviderRegistryTree;
import dev.wharf.e2e.support.Terraform;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code terraform init} through Wharf, against a static provider registry (files signed with a test key, served by
 * {@code python3 -m http.server}): through the network mirror protocol over HTTPS (Wharf's TLS, the test's
 * self-signed certificate passed in {@code SSL_CERT_FILE}), and through the registry protocol over plain HTTP with a
 * CLI {@code host} block, where terraform checks the upstream's signature on the SHA256SUMS Wharf proxies, and
 * Wharf's own on a local repository's. A provider {@code PUT} into the local repository installs the same ways. A
 * second init with the upstream stopped installs from Wharf's cache. The lock files carry the packages' {@code h1:}
 * hashes (and, from the signed registry protocol, their {@code zh:} hashes), computed here independently. Skipped where terraform is not installed (no package source
 * has it), even under CI.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TerraformInitTest {
    private static final String VERSION = "1.0.0";
    private static final String LOCAL_VERSION = "2.0.0";

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    private HttpFileServer upstream;
    private String platform;
    private ProviderRegistryTree.Package demo;
    private ProviderRegistryTree.Package local;
    private OpenPgpKey wharfKey;
    private OpenPgpKey upstreamKey;

    @BeforeEach
    void startUpstream() {
        assumeTrue(Terraform.isInstalled(), Terraform.PROGRAM + " is not installed");
        platform = Terraform.in(tmp.resolve("probe"), "", Map.of(), VERSION, Map.of()).platform();
        upstreamKey = OpenPgpKey.generate("Upstream registry <registry@example.com>", "upstream-passphrase");
        wharfKey = OpenPgpKey.generate("Wharf local <wharf@example.com>", "wharf-passphrase");
        demo = ProviderRegistryTree.build("demo", VERSION, platform);
        local = ProviderRegistryTree.build("local", LOCAL_VERSION, platform);
        upstream = HttpFileServer.start(tmp.resolve("upstream"), tmp.resolve("upstream.log"));
        ProviderRegistryTree.write(upstream.root(), "wharf", "demo", VERSION, platform, demo, upstreamKey,
                ProviderRegistryTree.sums(demo));
    }

    @AfterEach
    void stopUpstream() {
        if (upstream != null) {
            upstream.stop();
        }
    }

    private WharfProcess.Builder wharf(String name) {
        return WharfProcess.builder(tmp.resolve(name)).name("TerraformInitTest-" + name)
                .env("TF_TEST_SIGNING_KEY", wharfKey.armoredSecret())
                .env("TF_TEST_SIGNING_PASSPHRASE", wharfKey.passphrase())
                .repository("{ key: tfremote, format: terraform, type: remote, url: \"" + upstream.url() + "\", metadataTtl: 1s }")
                .repository("{ key: tflocal, format: terraform, type: local, signingKey: \"${TF_TEST_SIGNING_KEY}\", "
                        + "signingKeyPassphrase: \"${TF_TEST_SIGNING_PASSPHRASE}\" }")
                .repository("{ key: tfall, format: terraform, type: virtual, members: [tflocal, tfremote] }");
    }

    @Test
    void theNetworkMirrorOverHttpsInstallsRemoteAndLocalProvidersThenFromTheCacheWithTheUpstreamStopped() throws Exception {
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        Processes.run(new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
                tmp.resolve("openssl.log"), Duration.ofSeconds(60)).requireSuccess();
        SSLContext trust = trusting(cert);
        WharfProcess wharf = wharfs.start(wharf("mirror").tls(cert, key, trust));
        HttpClient client = HttpClient.newBuilder().sslContext(trust).build();
        assertThat(put(client, wharf, local).statusCode()).isEqualTo(201);

        String cli = "provider_installation {\n  network_mirror {\n    url = \"" + wharf.url() + "/repository/tfall/\"\n  }\n}\n";
        Map<String, String> providers = Map.of("demo", "example.com/wharf/demo");
        Map<String, String> env = Map.of("SSL_CERT_FILE", cert.toString());
        Terraform first = Terraform.in(tmp.resolve("tf-mirror-1"), cli, providers, VERSION, env);
        first.init().requireSuccess();
        // A mirror is not a signed source: terraform locks the h1: it computed itself, which Wharf's documents give too.
        assertThat(first.lockFile()).contains(demo.h1());

        Terraform fromLocal = Terraform.in(tmp.resolve("tf-mirror-local"), cli, Map.of("local", "example.com/wharf/local"),
                LOCAL_VERSION, env);
        fromLocal.init().requireSuccess();
        assertThat(fromLocal.lockFile()).contains(local.h1());

        HttpResponse<String> version = client.send(HttpRequest.newBuilder(URI.create(wharf.url()
                + "/repository/tfremote/example.com/wharf/demo/" + VERSION + ".json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(version.body()).contains("\"" + platform + "\"", demo.fileName(), demo.h1(), "zh:" + demo.sha256());

        upstream.stop();
        Terraform again = Terraform.in(tmp.resolve("tf-mirror-2"), cli, providers, VERSION, env);
        again.init().requireSuccess();
        assertThat(again.lockFile()).contains(demo.h1());
    }

    @Test
    void theRegistryProtocolOverHttpInstallsSignedRemoteAndLocalProvidersThenFromTheCacheWithTheUpstreamStopped() throws Exception {
        WharfProcess wharf = wharfs.start(wharf("registry"));
        HttpClient client = HttpClient.newHttpClient();
        assertThat(put(client, wharf, local).statusCode()).isEqualTo(201);
        assertThat(put(client, wharf, local).statusCode()).isEqualTo(409);

        // Two names of the one Wharf, one per repository: terraform finds a host's registry through its host block.
        String remoteHost = wharf.hostPort();
        String localHost = "localhost:" + URI.create(wharf.url()).getPort();
        String cli = host(remoteHost, wharf.url() + "/repository/tfremote/v1/providers/")
                + host(localHost, wharf.url() + "/repository/tflocal/v1/providers/");
        Map<String, String> remote = Map.of("demo", remoteHost + "/wharf/demo");
        Terraform first = Terraform.in(tmp.resolve("tf-registry-1"), cli, remote, VERSION, Map.of());
        Processes.Outcome init = first.init().requireSuccess();
        assertThat(init.output()).contains("key ID " + upstreamKey.keyId());
        assertThat(first.lockFile()).contains(demo.h1(), "zh:" + demo.sha256());

        Terraform fromLocal = Terraform.in(tmp.resolve("tf-registry-local"), cli, Map.of("local", localHost + "/wharf/local"),
                LOCAL_VERSION, Map.of());
        Processes.Outcome localInit = fromLocal.init().requireSuccess();
        assertThat(localInit.output()).contains("key ID " + wharfKey.keyId());
        assertThat(fromLocal.lockFile()).contains(local.h1(), "zh:" + local.sha256());

        upstream.stop();
        Terraform again = Terraform.in(tmp.resolve("tf-registry-2"), cli, remote, VERSION, Map.of());
        again.init().requireSuccess();
        assertThat(again.lockFile()).contains(demo.h1(), "zh:" + demo.sha256());
    }

    private static String host(String name, String providers) {
        return "host \"" + name + "\" {\n  services = {\n    \"providers.v1\" = \"" + providers + "\"\n  }\n}\n";
    }

    private static HttpResponse<String> put(HttpClient client, WharfProcess wharf, ProviderRegistryTree.Package pkg)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(wharf.url() + "/repository/tflocal/wharf/local/" + pkg.fileName()))
                .header("Authorization", "Bearer " + WharfProcess.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pkg.zip())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("wharf", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
