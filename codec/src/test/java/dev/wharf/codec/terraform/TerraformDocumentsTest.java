package dev.wharf.codec.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.codec.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documents of both protocols, field by field as the published protocols name them. */
class TerraformDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "a".repeat(64);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionsParseRenderAndMerge() throws IOException {
        ProviderVersions a = ProviderVersions.parse(utf8("""
                {"versions": [{"version": "2.0.0", "protocols": ["5.0"], "platforms": [{"os": "linux", "arch": "amd64"}]},
                              {"version": "1.0.0", "protocols": ["4.0", "5.1"], "platforms": []}], "warnings": null}"""));
        ProviderVersions b = new ProviderVersions(List.of(new ProviderVersions.Version("2.0.0", List.of("6.0"),
                List.of(new ProviderVersions.Platform("darwin", "arm64"), new ProviderVersions.Platform("linux", "amd64")))));
        JsonNode merged = JSON.readTree(ProviderVersions.merge(List.of(a, b)).render());
        assertThat(merged.path("versions")).hasSize(2);
        JsonNode two = merged.path("versions").path(0);
        assertThat(two.path("version").asText()).isEqualTo("2.0.0");
        assertThat(two.path("protocols").toString()).isEqualTo("[\"5.0\"]");
        assertThat(two.path("platforms").toString())
                .isEqualTo("[{\"os\":\"linux\",\"arch\":\"amd64\"},{\"os\":\"darwin\",\"arch\":\"arm64\"}]");
        assertThat(merged.path("versions").path(1).path("protocols").toString()).isEqualTo("[\"4.0\",\"5.1\"]");
        assertThatThrownBy(() -> ProviderVersions.parse(utf8("{\"versions\": {}}"))).isInstanceOf(TerraformNameException.class);
        assertThatThrownBy(() -> ProviderVersions.parse(utf8("not json"))).hasMessageContaining("not JSON");
    }

    @Test
    void downloadParsesAndIsRewrittenKeepingTheKeys() throws IOException {
        ProviderDownload download = ProviderDownload.parse(utf8("""
                {"protocols": ["5.0"], "os": "linux", "arch": "amd64", "filename": "terraform-provider-x_1.0.0_linux_amd64.zip",
                 "download_url": "https://files.example.com/x.zip", "shasums_url": "https://files.example.com/SHA256SUMS",
                 "shasums_signature_url": "https://files.example.com/SHA256SUMS.sig", "shasum": "%s",
                 "signing_keys": {"gpg_public_keys": [{"key_id": "51852D87348FFC4C", "ascii_armor": "-----BEGIN PGP...",
                   "trust_signature": "", "source": "HashiCorp", "source_url": "https://www.example.com/security.html"}]}}
                """.formatted(SHA)));
        JsonNode out = JSON.readTree(download.at("http://w/x.zip", "http://w/SUMS", "http://w/SUMS.sig").render());
        assertThat(out.path("download_url").asText()).isEqualTo("http://w/x.zip");
        assertThat(out.path("shasums_url").asText()).isEqualTo("http://w/SUMS");
        assertThat(out.path("shasums_signature_url").asText()).isEqualTo("http://w/SUMS.sig");
        assertThat(out.path("shasum").asText()).isEqualTo(SHA);
        assertThat(out.path("filename").asText()).isEqualTo("terraform-provider-x_1.0.0_linux_amd64.zip");
        assertThat(out.path("os").asText()).isEqualTo("linux");
        assertThat(out.path("arch").asText()).isEqualTo("amd64");
        assertThat(out.path("protocols").toString()).isEqualTo("[\"5.0\"]");
        JsonNode key = out.path("signing_keys").path("gpg_public_keys").path(0);
        assertThat(key.path("key_id").asText()).isEqualTo("51852D87348FFC4C");
        assertThat(key.path("ascii_armor").asText()).isEqualTo("-----BEGIN PGP...");
        assertThat(key.path("source").asText()).isEqualTo("HashiCorp");
        assertThat(key.path("source_url").asText()).isEqualTo("https://www.example.com/security.html");
        assertThatThrownBy(() -> ProviderDownload.parse(utf8("{\"os\": \"linux\"}"))).hasMessageContaining("arch");
    }

    @Test
    void sha256SumsParseAndRenderSorted() {
        String b = "b".repeat(64);
        Sha256Sums sums = Sha256Sums.parse(utf8(SHA + "  z.zip\n" + b + " *a.zip\n\n"));
        assertThat(sums.digest("z.zip")).contains(new Digest(SHA));
        assertThat(sums.digest("a.zip")).contains(new Digest(b));
        assertThat(sums.digest("c.zip")).isEmpty();
        assertThat(new String(sums.render(), StandardCharsets.UTF_8)).isEqualTo(b + "  a.zip\n" + SHA + "  z.zip\n");
        assertThatThrownBy(() -> Sha256Sums.parse(utf8("xyz  a.zip\n"))).hasMessageContaining("line 1");
    }

    @Test
    void mirrorDocuments() throws IOException {
        assertThat(new String(MirrorDocuments.index(List.of("2.0.0", "1.0.0")), StandardCharsets.UTF_8))
                .isEqualTo("{\"versions\":{\"2.0.0\":{},\"1.0.0\":{}}}");
        Map<String, MirrorDocuments.Archive> archives = new LinkedHashMap<>();
        archives.put("linux_amd64", new MirrorDocuments.Archive("terraform-provider-x_1.0.0_linux_amd64.zip", List.of("h1:abc=", "zh:" + SHA)));
        JsonNode version = JSON.readTree(MirrorDocuments.version(archives));
        assertThat(version.path("archives").path("linux_amd64").path("url").asText()).isEqualTo("terraform-provider-x_1.0.0_linux_amd64.zip");
        assertThat(version.path("archives").path("linux_amd64").path("hashes").toString()).isEqualTo("[\"h1:abc=\",\"zh:" + SHA + "\"]");
    }

    @Test
    void discovery() {
        assertThat(ServiceDiscovery.providers(utf8("{\"providers.v1\": \"/v1/providers/\", \"modules.v1\": \"/v1/modules/\"}")))
                .isEqualTo("/v1/providers/");
        assertThat(new String(ServiceDiscovery.render("/repository/tf/v1/providers/"), StandardCharsets.UTF_8))
                .isEqualTo("{\"providers.v1\":\"/repository/tf/v1/providers/\"}");
        assertThatThrownBy(() -> ServiceDiscovery.providers(utf8("{}"))).hasMessageContaining("providers.v1");
    }
}
