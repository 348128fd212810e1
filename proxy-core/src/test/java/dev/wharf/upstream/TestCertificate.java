package dev.wharf.upstream;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/** One self-signed certificate for {@code localhost}, made once per test run and held in memory. */
@SuppressWarnings("deprecation") // SelfSignedCertificate: its replacement, netty-pkitesting, is not a dependency here
final class TestCertificate {
    private static final TestCertificate LOCALHOST = create();

    private final PrivateKey key;
    private final X509Certificate cert;

    private TestCertificate(PrivateKey key, X509Certificate cert) {
        this.key = key;
        this.cert = cert;
    }

    static TestCertificate localhost() {
        return LOCALHOST;
    }

    /** A server context presenting the certificate. */
    SslContext serverContext() throws SSLException {
        return SslContextBuilder.forServer(key, cert).build();
    }

    /** Trust for this certificate alone. */
    TrustManagerFactory trust() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("test", cert);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    private static TestCertificate create() {
        try {
            SelfSignedCertificate generated = new SelfSignedCertificate("localhost");
            TestCertificate certificate = new TestCertificate(generated.key(), generated.cert());
            generated.delete();
            return certificate;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test certificate", e);
        }
    }
}
