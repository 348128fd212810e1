package dev.wharf.codec.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentsTest {
    @Test
    void versionListsParseSortAndPickTheLatest() {
        var versions = VersionList.parse("v1.10.0\nv1.2.0\n\nnot-a-version\nv2.0.0-rc.1\r\nv1.9.9\n".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(VersionList.render(versions), StandardCharsets.UTF_8)).isEqualTo("v1.2.0\nv1.9.9\nv1.10.0\nv2.0.0-rc.1\n");
        assertThat(VersionList.latest(versions)).contains(SemVer.parse("v1.10.0"));
        assertThat(VersionList.latest(List.of(SemVer.parse("v0.1.0-pre"), SemVer.parse("v0.0.9-pre")))).contains(SemVer.parse("v0.1.0-pre"));
        assertThat(VersionList.latest(List.of())).isEmpty();
    }

    @Test
    void infoDocumentsRoundTrip() {
        ModuleInfo info = new ModuleInfo(SemVer.parse("v1.2.3"), Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(new String(info.render(), StandardCharsets.UTF_8)).isEqualTo("{\"Version\":\"v1.2.3\",\"Time\":\"2026-01-02T03:04:05Z\"}\n");
        assertThat(ModuleInfo.parse(info.render())).isEqualTo(info);
        assertThat(ModuleInfo.parse("{\"Version\":\"v1.0.0\",\"Time\":\"2026-01-02T03:04:05+02:00\"}".getBytes(StandardCharsets.UTF_8)).time())
                .isEqualTo(Instant.parse("2026-01-02T01:04:05Z"));
        assertThatThrownBy(() -> ModuleInfo.parse("{}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("Version");
        assertThatThrownBy(() -> ModuleInfo.parse("{\"Version\":\"1.0\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModuleInfo.parse("[".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("JSON");
    }

    @Test
    void goModDeclaresItsModule() {
        assertThat(GoModFile.modulePath("// c\nmodule example.com/m // trailing\n\ngo 1.21\n")).contains("example.com/m");
        assertThat(GoModFile.modulePath("module \"example.com/q\"\n")).contains("example.com/q");
        assertThat(GoModFile.modulePath("go 1.21\nrequire example.com/module v1.0.0\n")).isEmpty();
        assertThat(GoModFile.modulePath("modules x\n")).isEmpty();
        assertThat(GoModFile.synthesized("example.com/m")).isEqualTo("module example.com/m\n");
    }
}
