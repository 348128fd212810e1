package dev.wharf.codec.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ModuleZipTest {
    private static final SemVer V = SemVer.parse("v1.0.0");

    @Test
    void acceptsAModuleZipAndReturnsItsGoMod() throws IOException {
        byte[] zip = zip(Map.of("example.com/m@v1.0.0/go.mod", "module example.com/m\n",
                "example.com/m@v1.0.0/m.go", "package m\n", "example.com/m@v1.0.0/sub/x.go", "package sub\n"));
        assertThat(ModuleZip.check(new ByteArrayInputStream(zip), "example.com/m", V))
                .hasValueSatisfying(mod -> assertThat(new String(mod, StandardCharsets.UTF_8)).isEqualTo("module example.com/m\n"));
        byte[] noMod = zip(Map.of("example.com/m@v1.0.0/m.go", "package m\n"));
        assertThat(ModuleZip.check(new ByteArrayInputStream(noMod), "example.com/m", V)).isEmpty();
    }

    @Test
    void refusesWhatTheGoCommandRefuses() {
        assertRefused(Map.of("example.com/other@v1.0.0/m.go", "x"), "not under");
        assertRefused(Map.of("example.com/m@v1.0.0/../evil.go", "x"), "bad file name");
        assertRefused(Map.of("example.com/m@v1.0.0/go.mod", "module example.com/other\n"), "declares module example.com/other");
        Map<String, String> twins = new LinkedHashMap<>();
        twins.put("example.com/m@v1.0.0/A.go", "x");
        twins.put("example.com/m@v1.0.0/a.go", "x");
        assertRefused(twins, "but for case");
        assertRefused(Map.of(), "no file");
        assertThatThrownBy(() -> ModuleZip.check(new ByteArrayInputStream("not a zip at all".getBytes(StandardCharsets.UTF_8)),
                "example.com/m", V)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(Map<String, String> files, String message) {
        assertThatThrownBy(() -> ModuleZip.check(new ByteArrayInputStream(zip(files)), "example.com/m", V))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
