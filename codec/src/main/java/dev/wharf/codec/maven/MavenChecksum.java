package dev.wharf.codec.maven;

import dev.wharf.codec.ContentDigest;
import dev.wharf.codec.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The body of a Maven checksum file ({@code .sha1}, {@code .md5}, ...): read in the forms repositories
 * write (the bare hex digest; {@code <hex>  <file name>} as {@code sha1sum} writes; the BSD
 * {@code SHA1 (<file>) = <hex>}), written as the bare lower-case hex digest.
 */
public final class MavenChecksum {
    /** A checksum file is a line; anything longer is not one. */
    public static final int MAX_BYTES = 1024;

    private MavenChecksum() {
    }

    /**
     * The digest in a checksum file's body, or empty when the body holds no well-formed digest of that
     * algorithm (an HTML error page, a digest of another length).
     */
    public static Optional<ContentDigest> parse(ContentDigest.Algorithm algorithm, byte[] body) {
        if (body.length > MAX_BYTES) {
            return Optional.empty();
        }
        String text = new String(body, StandardCharsets.US_ASCII).strip();
        int equals = text.lastIndexOf('=');
        if (equals >= 0) {
            text = text.substring(equals + 1).strip();
        }
        String first = text.split("\\s+", 2)[0];
        try {
            return Optional.of(new ContentDigest(algorithm, first));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #parse}, failing with a message that says what was expected. */
    public static ContentDigest require(ContentDigest.Algorithm algorithm, byte[] body) {
        return parse(algorithm, body).orElseThrow(() -> new IllegalArgumentException("not a " + algorithm.id()
                + " checksum: " + Printable.of(new String(body, 0, Math.min(body.length, 100), StandardCharsets.US_ASCII))
                + " (expected: " + hexLength(algorithm) + " hex characters)"));
    }

    /** The body of the checksum file of {@code digest}: its hex, as Maven writes it. */
    public static byte[] render(ContentDigest digest) {
        return digest.hex().getBytes(StandardCharsets.US_ASCII);
    }

    /** The checksum of {@code bytes} with {@code algorithm}. */
    public static ContentDigest of(ContentDigest.Algorithm algorithm, byte[] bytes) {
        return ContentDigest.ofBytes(algorithm, algorithm.newHasher().digest(bytes));
    }

    private static int hexLength(ContentDigest.Algorithm algorithm) {
        return algorithm.newHasher().getDigestLength() * 2;
    }
}
