package dev.wharf.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * A fresh OpenPGP signing key (RSA 2048, protected by a passphrase) made with BouncyCastle, for a test registry's
 * SHA256SUMS signatures and for Wharf's {@code signingKey}: its armored secret and public key rings, its long key id,
 * and detached binary signatures as registries publish them.
 */
public final class OpenPgpKey {
    private final PGPSecretKeyRing secret;
    private final PGPPublicKeyRing publicRing;
    private final String passphrase;

    private OpenPgpKey(PGPSecretKeyRing secret, PGPPublicKeyRing publicRing, String passphrase) {
        this.secret = secret;
        this.publicRing = publicRing;
        this.passphrase = passphrase;
    }

    /** A new key for {@code userId}, protected by {@code passphrase}. */
    public static OpenPgpKey generate(String userId, String passphrase) {
        try {
            RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
            rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
            PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), new Date());
            PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            PGPSignatureSubpacketGenerator flags = new PGPSignatureSubpacketGenerator();
            flags.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId, sha1,
                    flags.generate(), null, new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1).build(passphrase.toCharArray()));
            return new OpenPgpKey(rings.generateSecretKeyRing(), rings.generatePublicKeyRing(), passphrase);
        } catch (PGPException e) {
            throw new IllegalStateException("generating an OpenPGP key", e);
        }
    }

    /** The armored secret key ring, as Wharf's {@code signingKey} takes it. */
    public String armoredSecret() {
        return armor(out -> secret.encode(out));
    }

    /** The armored public key ring, as {@code signing_keys.gpg_public_keys[].ascii_armor} gives it. */
    public String armoredPublic() {
        return armor(out -> publicRing.encode(out));
    }

    /** The long key id in upper-case hex. */
    public String keyId() {
        return String.format(Locale.ROOT, "%016X", secret.getSecretKey().getKeyID());
    }

    /** The key's passphrase. */
    public String passphrase() {
        return passphrase;
    }

    /** A detached binary signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            PGPSecretKey key = secret.getSecretKey();
            PGPPrivateKey unlocked = key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase.toCharArray()));
            PGPSignatureGenerator generator = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
                    key.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), key.getPublicKey());
            generator.init(PGPSignature.BINARY_DOCUMENT, unlocked);
            generator.update(data);
            return generator.generate().getEncoded();
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("signing", e);
        }
    }

    private interface Encoder {
        void encode(ArmoredOutputStream out) throws IOException;
    }

    private static String armor(Encoder encoder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream out = new ArmoredOutputStream(bytes)) {
            encoder.encode(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
