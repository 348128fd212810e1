package dev.wharf.terraform;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** A throwaway OpenPGP key for tests (RSA 2048 with a passphrase), and a check of detached signatures by an armored public key. */
final class TestSigningKey {
    private TestSigningKey() {
    }

    /** An armored secret key ring protected by {@code passphrase}. */
    static String armoredSecret(String passphrase) throws PGPException, IOException {
        RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
        rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
        @SuppressWarnings("deprecation")
        BcPGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), new Date());
        PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
        PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, "Test <test@example.com>",
                sha1, null, null, new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1).build(passphrase.toCharArray()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
            rings.generateSecretKeyRing().encode(armored);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** True when {@code signature} is a valid detached signature of {@code data} by the key in {@code armoredPublic}. */
    static boolean verifies(String armoredPublic, byte[] data, byte[] signature) throws PGPException, IOException {
        PGPPublicKeyRing ring = new PGPPublicKeyRing(PGPUtil.getDecoderStream(new ByteArrayInputStream(
                armoredPublic.getBytes(StandardCharsets.US_ASCII))), new BcKeyFingerprintCalculator());
        Object object = new BcPGPObjectFactory(signature).nextObject();
        PGPSignature sig = ((PGPSignatureList) object).get(0);
        sig.init(new BcPGPContentVerifierBuilderProvider(), ring.getPublicKey(sig.getKeyID()));
        sig.update(data);
        return sig.verify();
    }
}
