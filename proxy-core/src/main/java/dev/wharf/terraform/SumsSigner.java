package dev.wharf.terraform;

import dev.wharf.codec.terraform.ProviderDownload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * A local repository's signing key: signs the SHA256SUMS it computes with a detached binary OpenPGP signature
 * (SHA-256), and gives the public key the registry protocol's {@code signing_keys} list, so that terraform
 * verifies local packages as it verifies a public registry's. Uses BouncyCastle's lightweight API, no JCA
 * provider.
 */
final class SumsSigner {
    private final PGPSecretKey secret;
    private final PGPPrivateKey key;
    private final ProviderDownload.SigningKey publicKey;

    private SumsSigner(PGPSecretKey secret, PGPPrivateKey key, ProviderDownload.SigningKey publicKey) {
        this.secret = secret;
        this.key = key;
        this.publicKey = publicKey;
    }

    /**
     * The first signing key of an armored secret key ring, unlocked with {@code passphrase} (null for none);
     * an {@link IllegalArgumentException} says why it cannot be used, without quoting the key.
     */
    static SumsSigner parse(String armored, String passphrase) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            PGPSecretKeyRingCollection rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (Iterator<PGPSecretKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
                PGPSecretKeyRing ring = r.next();
                for (Iterator<PGPSecretKey> k = ring.getSecretKeys(); k.hasNext(); ) {
                    PGPSecretKey secret = k.next();
                    if (!secret.isSigningKey() || secret.isPrivateKeyEmpty()) {
                        continue;
                    }
                    PGPPrivateKey key = secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                            .build(passphrase == null ? new char[0] : passphrase.toCharArray()));
                    String keyId = String.format(Locale.ROOT, "%016X", secret.getKeyID());
                    return new SumsSigner(secret, key, new ProviderDownload.SigningKey(keyId, armor(ring), null, null, null));
                }
            }
            throw new IllegalArgumentException("has no secret key that can sign (expected an armored OpenPGP private key)");
        } catch (PGPException e) {
            throw new IllegalArgumentException("cannot be unlocked or read (a wrong passphrase?): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("is not an armored OpenPGP private key: " + e.getMessage(), e);
        }
    }

    private static String armor(PGPSecretKeyRing ring) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
            new PGPPublicKeyRing(collectPublic(ring)).encode(armored);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static List<PGPPublicKey> collectPublic(PGPSecretKeyRing ring) {
        List<PGPPublicKey> keys = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        return keys;
    }

    /** The detached binary signature of {@code data}. */
    byte[] sign(byte[] data) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(secret.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), secret.getPublicKey());
            generator.init(PGPSignature.BINARY_DOCUMENT, key);
            generator.update(data);
            return generator.generate().getEncoded();
        } catch (PGPException | IOException e) {
            throw new UncheckedIOException(new IOException("signing SHA256SUMS", e));
        }
    }

    /** The public key as {@code signing_keys.gpg_public_keys} lists it. */
    ProviderDownload.SigningKey publicKey() {
        return publicKey;
    }
}
