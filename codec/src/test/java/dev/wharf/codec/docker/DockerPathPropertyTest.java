package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random paths: the parser only ever answers a request or a DockerPathException, and what it accepts is sound. */
class DockerPathPropertyTest {
    private static final String[] TOKENS = {
        "a", "b", "z9", "library", "ubuntu", "manifests", "blobs", "uploads", "tags", "list", "referrers", "_catalog",
        "latest", "v1.0", "sha256:" + "ab".repeat(32), "sha256:" + "AB".repeat(32), "sha256:abc", "sha512:00",
        ".", "..", "...", "", "%2e", "%2f", "%", "\\", "a.b", "a__b", "a--b", "a_", "-a", "A", "\u00e9", "\u0000",
        "\n", " ", ";", ":", "@", "?", "#", "=", "~", "\ud83d", "x".repeat(130), "y".repeat(300),
    };
    private static final String NAME_CHARS = "abz09._-/";

    @Test
    void randomPathsParseToSoundRequestsOrFailAsDocumented() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            String path = randomPath(random);
            DockerRequest request;
            try {
                request = DockerPath.parse(path);
            } catch (DockerPathException e) {
                assertThat(e.code()).as("seed %d: %s", seed, path).isNotNull();
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": undocumented " + e + " for " + path, e);
            }
            accepted++;
            assertSound(seed, path, request);
        }
        assertThat(accepted).as("seed %d: some random paths are valid", seed).isPositive();
    }

    @Test
    void everyValidRequestRoundTripsThroughItsPath() {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        int built = 0;
        for (int i = 0; i < 10_000; i++) {
            String candidate = randomText(random, NAME_CHARS, 1 + random.nextInt(40));
            if (!ImageName.isValid(candidate)) {
                continue;
            }
            built++;
            ImageName name = new ImageName(candidate);
            Digest digest = randomDigest(random);
            DockerRequest request = switch (random.nextInt(7)) {
                case 0 -> new DockerRequest.Manifest(name, new Reference.Tag("t" + random.nextInt(1000)));
                case 1 -> new DockerRequest.Manifest(name, new Reference.DigestRef(digest));
                case 2 -> new DockerRequest.Blob(name, digest);
                case 3 -> new DockerRequest.UploadStart(name);
                case 4 -> new DockerRequest.Upload(name, Long.toHexString(random.nextLong()));
                case 5 -> new DockerRequest.TagList(name);
                default -> new DockerRequest.Referrers(name, digest);
            };
            assertThat(DockerPath.parse(RequestPaths.of(request))).as("seed %d: %s", seed, RequestPaths.of(request)).isEqualTo(request);
        }
        assertThat(built).as("seed %d: some random names are valid", seed).isGreaterThan(100);
    }

    private static void assertSound(long seed, String path, DockerRequest request) {
        assertThat(path).as("seed %d: accepted path", seed)
                .doesNotContain("%", "\\", "//", "/./", "/../")
                .doesNotEndWith("/.").doesNotEndWith("/..");
        assertThat(path.chars().allMatch(c -> c > 0x20 && c < 0x7f)).as("seed %d: %s is printable", seed, path).isTrue();
        String rendered = RequestPaths.of(request);
        assertThat(rendered.equals(path) || rendered.equals(path + "/") || (path.equals("/v2") && rendered.equals("/v2/")))
                .as("seed %d: %s renders back as %s", seed, path, rendered).isTrue();
        assertThat(DockerPath.parse(rendered)).as("seed %d: %s", seed, rendered).isEqualTo(request);
        if (request instanceof DockerRequest.Named named) {
            assertThat(ImageName.isValid(named.name().value())).as("seed %d: %s", seed, path).isTrue();
            assertThat(named.name().value().length()).isLessThanOrEqualTo(ImageName.MAX_LENGTH);
        }
    }

    private static String randomPath(Random random) {
        StringBuilder path = new StringBuilder(random.nextInt(10) == 0 ? "/v" + random.nextInt(3) : "/v2");
        int parts = random.nextInt(7);
        for (int i = 0; i < parts; i++) {
            path.append('/');
            path.append(random.nextInt(4) == 0 ? randomText(random, NAME_CHARS + "%\\:A\u00e9", 1 + random.nextInt(6))
                    : TOKENS[random.nextInt(TOKENS.length)]);
        }
        if (random.nextInt(5) == 0) {
            path.append('/');
        }
        return path.toString();
    }

    private static Digest randomDigest(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Digest.ofBytes(bytes);
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
