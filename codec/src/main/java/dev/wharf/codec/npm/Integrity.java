package dev.wharf.codec.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.codec.ContentDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The digests a version's {@code dist} gives for its tarball: {@code integrity} (Subresource Integrity,
 * {@code sha512-<base64>}, possibly several space-separated) and {@code shasum} (sha1 hex). Entries of other
 * algorithms, and malformed ones, give nothing rather than fail: the tarball is then checked against what remains.
 */
public final class Integrity {
    private Integrity() {
    }

    /** Every digest {@code dist} gives that Wharf can check, at most one per algorithm, sha512 first. */
    public static List<ContentDigest> of(JsonNode dist) {
        List<ContentDigest> digests = new ArrayList<>();
        for (String entry : dist.path("integrity").asText("").trim().split("\\s+")) {
            int dash = entry.indexOf('-');
            if (dash <= 0) {
                continue;
            }
            String algorithm = entry.substring(0, dash);
            String value = entry.substring(dash + 1);
            int options = value.indexOf('?');
            if (options >= 0) {
                value = value.substring(0, options);
            }
            ContentDigest.Algorithm known;
            if (algorithm.equals("sha512")) {
                known = ContentDigest.Algorithm.SHA512;
            } else if (algorithm.equals("sha1")) {
                known = ContentDigest.Algorithm.SHA1;
            } else {
                continue;
            }
            add(digests, known, value, true);
        }
        String shasum = dist.path("shasum").asText("");
        if (!shasum.isEmpty()) {
            add(digests, ContentDigest.Algorithm.SHA1, shasum, false);
        }
        return List.copyOf(digests);
    }

    /** The {@code integrity} text of a sha512 digest. */
    public static String sri(ContentDigest sha512) {
        byte[] raw = HexFormat.of().parseHex(sha512.hex());
        return sha512.algorithm().id() + "-" + Base64.getEncoder().encodeToString(raw);
    }

    private static void add(List<ContentDigest> digests, ContentDigest.Algorithm algorithm, String value, boolean base64) {
        if (digests.stream().anyMatch(d -> d.algorithm() == algorithm)) {
            return;
        }
        try {
            digests.add(base64 ? ContentDigest.ofBase64(algorithm, value) : new ContentDigest(algorithm, value));
        } catch (IllegalArgumentException e) {
            // A malformed entry checks nothing; the others still do.
        }
    }
}
