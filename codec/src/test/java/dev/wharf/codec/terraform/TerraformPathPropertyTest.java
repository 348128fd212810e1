package dev.wharf.codec.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile paths and documents: parsing yields a path, nothing, or a {@link TerraformNameException}, never anything else. */
class TerraformPathPropertyTest {
    private static final String[] PIECES = {"v1", "providers", ".well-known", "terraform.json", "versions", "download",
            "SHA256SUMS", "SHA256SUMS.sig", "index.json", "1.0.0", "1.0.0.json", "hashicorp", "aws", "linux", "amd64",
            "terraform-provider-aws_1.0.0_linux_amd64.zip", "terraform-provider-aws_1.0.0_linux.zip", "", "_", "A", "..", "%00",
            "x\ny", "é", "-a-", "1..0", "registry.example.com:443"};

    @Test
    void pathsParseOrFailWithAMessage() {
        Random random = new Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            List<String> segments = new ArrayList<>();
            int n = 1 + random.nextInt(9);
            for (int j = 0; j < n; j++) {
                segments.add(PIECES[random.nextInt(PIECES.length)]);
            }
            try {
                TerraformPath.parse(segments);
            } catch (TerraformNameException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void documentsParseOrFailWithAMessage() {
        Random random = new Random(7);
        String[] bits = {"{", "}", "[", "]", "\"versions\"", "\"version\"", ":", ",", "\"1.0.0\"", "\"os\"", "\"linux\"", "null",
                "1", "\"platforms\"", "\"arch\"", "\"amd64\"", "\"shasum\"", "\"providers.v1\""};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(24);
            for (int j = 0; j < n; j++) {
                text.append(bits[random.nextInt(bits.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            for (Runnable parse : List.<Runnable>of(() -> ProviderVersions.parse(bytes), () -> ProviderDownload.parse(bytes),
                    () -> ServiceDiscovery.providers(bytes), () -> Sha256Sums.parse(bytes))) {
                try {
                    parse.run();
                } catch (TerraformNameException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
        }
    }
}
