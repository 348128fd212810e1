package dev.wharf.codec.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry protocol's description of one package
 * ({@code v1/providers/<ns>/<type>/<version>/download/<os>/<arch>}): its file name, where to download it, its
 * sha256, where the SHA256SUMS document and its detached signature are, and the keys that may have signed it.
 *
 * @param shasum the package's sha256 in hex
 */
public record ProviderDownload(List<String> protocols, String os, String arch, String filename, String downloadUrl,
                               String shasumsUrl, String shasumsSignatureUrl, String shasum, List<SigningKey> signingKeys) {
    public ProviderDownload {
        protocols = List.copyOf(protocols);
        ProviderNames.platformPart(os, "os");
        ProviderNames.platformPart(arch, "arch");
        if (!Digest.isValid("sha256:" + shasum)) {
            throw new TerraformNameException("the download document's shasum " + shasum + " is not a sha256 in hex");
        }
        signingKeys = List.copyOf(signingKeys);
    }

    /** One of {@code signing_keys.gpg_public_keys}; {@code trustSignature}, {@code source}, {@code sourceUrl} may be null. */
    public record SigningKey(String keyId, String asciiArmor, String trustSignature, String source, String sourceUrl) {
    }

    /** Parses an upstream document; a {@link TerraformNameException} says what is wrong. */
    public static ProviderDownload parse(byte[] json) {
        String what = "the download document";
        JsonNode root = Json.object(json, what);
        List<String> protocols = new ArrayList<>();
        JsonNode protos = root.get("protocols");
        if (protos != null && protos.isArray()) {
            protos.forEach(p -> protocols.add(p.asText()));
        }
        List<SigningKey> keys = new ArrayList<>();
        JsonNode gpg = root.path("signing_keys").path("gpg_public_keys");
        if (gpg.isArray()) {
            for (JsonNode key : gpg) {
                keys.add(new SigningKey(Json.text(key, "key_id", "a signing key"), Json.text(key, "ascii_armor", "a signing key"),
                        Json.optionalText(key, "trust_signature"), Json.optionalText(key, "source"),
                        Json.optionalText(key, "source_url")));
            }
        }
        return new ProviderDownload(protocols, Json.text(root, "os", what), Json.text(root, "arch", what),
                Json.text(root, "filename", what), Json.text(root, "download_url", what), Json.text(root, "shasums_url", what),
                Json.text(root, "shasums_signature_url", what), Json.text(root, "shasum", what), keys);
    }

    /** The same package downloaded from elsewhere: the URLs replaced, everything else (the keys above all) kept. */
    public ProviderDownload at(String download, String shasums, String signature) {
        return new ProviderDownload(protocols, os, arch, filename, download, shasums, signature, shasum, signingKeys);
    }

    /** The document. */
    public byte[] render() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode protos = root.putArray("protocols");
        protocols.forEach(protos::add);
        root.put("os", os).put("arch", arch).put("filename", filename).put("download_url", downloadUrl)
                .put("shasums_url", shasumsUrl).put("shasums_signature_url", shasumsSignatureUrl).put("shasum", shasum);
        ArrayNode keys = root.putObject("signing_keys").putArray("gpg_public_keys");
        for (SigningKey key : signingKeys) {
            ObjectNode k = keys.addObject().put("key_id", key.keyId()).put("ascii_armor", key.asciiArmor());
            k.put("trust_signature", key.trustSignature() == null ? "" : key.trustSignature());
            if (key.source() != null) {
                k.put("source", key.source());
            }
            if (key.sourceUrl() != null) {
                k.put("source_url", key.sourceUrl());
            }
        }
        return Json.write(root);
    }
}
