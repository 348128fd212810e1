package dev.wharf.codec.cargo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.codec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CargoCodecTest {
    private static final String SUM = "a".repeat(64);

    @Test
    void indexPathsFollowTheSparseLayout() {
        assertThat(CrateName.indexPath("a")).isEqualTo("1/a");
        assertThat(CrateName.indexPath("Ab")).isEqualTo("2/ab");
        assertThat(CrateName.indexPath("abc")).isEqualTo("3/a/abc");
        assertThat(CrateName.indexPath("Serde_json")).isEqualTo("se/rd/serde_json");
        assertThat(CrateName.fromIndexPath("se/rd/serde_json")).isEqualTo("serde_json");
        assertThat(CrateName.fromIndexPath("3/a/abc")).isEqualTo("abc");
        assertThat(CrateName.fromIndexPath("se/xx/serde")).isNull();
        assertThat(CrateName.fromIndexPath("config.json")).isNull();
        Stream.of("", "1abc", "a b", "ä", "a/b", "x".repeat(65)).forEach(bad ->
                assertThatThrownBy(() -> CrateName.check(bad)).isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void versionsOrderBySemver() {
        List<String> sorted = Stream.of("1.10.0", "1.2.0", "1.2.0-rc.1", "1.2.0-alpha", "0.9.9+build", "1.2.0-rc.10")
                .sorted(CrateVersion.ORDER).collect(Collectors.toList());
        assertThat(sorted).containsExactly("0.9.9+build", "1.2.0-alpha", "1.2.0-rc.1", "1.2.0-rc.10", "1.2.0", "1.10.0");
        Stream.of("1.2", "01.2.3", "v1.2.3", "1.2.3-", "").forEach(bad ->
                assertThatThrownBy(() -> CrateVersion.check(bad)).isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void indexFilesParseMergeYankAndRender() {
        byte[] file = ("{\"name\":\"greet\",\"vers\":\"0.2.0\",\"deps\":[],\"cksum\":\"" + SUM + "\",\"features\":{},\"yanked\":false,\"new\":1}\n"
                + "\n{\"name\":\"greet\",\"vers\":\"0.1.0\",\"deps\":[],\"cksum\":\"" + SUM + "\",\"features\":{}}\n").getBytes(StandardCharsets.UTF_8);
        List<IndexEntry> entries = IndexEntry.parseFile(file);
        assertThat(entries).extracting(IndexEntry::version).containsExactly("0.2.0", "0.1.0");
        assertThat(entries.get(0).cksum()).isEqualTo(new Digest(SUM));
        assertThat(entries.get(0).line()).contains("\"new\":1");
        IndexEntry yanked = entries.get(0).withYanked(true);
        assertThat(yanked.yanked()).isTrue();
        assertThat(yanked.line()).contains("\"yanked\":true");
        List<IndexEntry> merged = IndexEntry.merge(List.of(List.of(yanked), entries));
        assertThat(merged).extracting(IndexEntry::yanked).containsExactly(true, false);
        String rendered = new String(IndexEntry.render(merged), StandardCharsets.UTF_8);
        assertThat(rendered.lines()).hasSize(2);
        assertThat(rendered.lines().findFirst().orElseThrow()).contains("\"vers\":\"0.1.0\"");
        assertThatThrownBy(() -> IndexEntry.parseFile("{\"name\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configTemplatesExpand() {
        RegistryConfig templated = RegistryConfig.parse(
                "{\"dl\":\"https://dl.example.com/{prefix}/{lowerprefix}/{crate}/{version}/{sha256-checksum}\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(templated.downloadUrl("Serde", "1.0.0", SUM)).isEqualTo("https://dl.example.com/Se/rd/se/rd/Serde/1.0.0/" + SUM);
        RegistryConfig plain = RegistryConfig.parse("{\"dl\":\"https://dl.example.com/api/v1/crates\",\"api\":\"https://x.example.com\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(plain.downloadUrl("abc", "0.1.0", SUM)).isEqualTo("https://dl.example.com/api/v1/crates/abc/0.1.0/download");
        assertThat(new String(plain.render(true), StandardCharsets.UTF_8))
                .isEqualTo("{\"dl\":\"https://dl.example.com/api/v1/crates\",\"api\":\"https://x.example.com\",\"auth-required\":true}\n");
        assertThatThrownBy(() -> RegistryConfig.parse("{}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("dl");
    }

    @Test
    void publishMetadataBecomesAnIndexLine() {
        String metadata = """
                {"name":"greet","vers":"0.3.0","deps":[
                  {"name":"serde","version_req":"^1","features":["derive"],"optional":true,"default_features":false,
                   "target":null,"kind":"normal","registry":"https://index.example.com"},
                  {"name":"log","version_req":"0.4","explicit_name_in_toml":"logging","kind":"dev"}],
                 "features":{"default":["std"],"std":[],"json":["dep:serde"]},"links":null,"rust_version":"1.70",
                 "description":"hi","authors":["a"]}
                """;
        IndexEntry entry = PublishMetadata.parse(metadata.getBytes(StandardCharsets.UTF_8)).entry(new Digest(SUM));
        assertThat(entry.name()).isEqualTo("greet");
        assertThat(entry.line()).contains("\"cksum\":\"" + SUM + "\"", "\"req\":\"^1\"", "\"registry\":\"https://index.example.com\"",
                "\"name\":\"logging\"", "\"package\":\"log\"", "\"kind\":\"dev\"", "\"features2\":{\"json\":[\"dep:serde\"]}", "\"v\":2",
                "\"rust_version\":\"1.70\"", "\"yanked\":false");
        assertThat(entry.line()).doesNotContain("description", "version_req");
        assertThatThrownBy(() -> PublishMetadata.parse("{\"name\":\"x y\",\"vers\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishMetadata.parse("{\"name\":\"x\",\"vers\":\"1\"}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("semantic");
    }

    @Test
    void pathsNameTheirRequests() {
        assertThat(CargoPath.parse("config.json")).contains(new CargoPath(CargoPath.Kind.CONFIG, null, null));
        assertThat(CargoPath.parse("api/v1/crates/new")).contains(new CargoPath(CargoPath.Kind.PUBLISH, null, null));
        assertThat(CargoPath.parse("api/v1/crates/greet/0.1.0/download")).contains(new CargoPath(CargoPath.Kind.DOWNLOAD, "greet", "0.1.0"));
        assertThat(CargoPath.parse("api/v1/crates/greet/0.1.0/yank")).contains(new CargoPath(CargoPath.Kind.YANK, "greet", "0.1.0"));
        assertThat(CargoPath.parse("api/v1/crates/greet/0.1.0/unyank")).contains(new CargoPath(CargoPath.Kind.UNYANK, "greet", "0.1.0"));
        assertThat(CargoPath.parse("api/v1/crates/greet/owners")).contains(new CargoPath(CargoPath.Kind.OWNERS, "greet", null));
        assertThat(CargoPath.parse("gr/ee/greet")).contains(new CargoPath(CargoPath.Kind.INDEX, "greet", null));
        assertThat(CargoPath.parse("api/v1/crates")).isEmpty();
        assertThat(CargoPath.parse("gr/xx/greet")).isEmpty();
        assertThatThrownBy(() -> CargoPath.parse("api/v1/crates/greet/1.0/download")).isInstanceOf(IllegalArgumentException.class);
    }
}
