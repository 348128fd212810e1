package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.config.ConfigLoader;
import dev.wharf.config.Default;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.WharfConfig;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md has a row for every key of the configuration records and of the built-in formats, with the
 * key's environment variable and its default, and no row for a key that does not exist. Written by hand, it stays
 * complete because this test fails when a record component has no entry.
 */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("").toAbsolutePath().resolve("../docs/configuration.md").normalize();
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]*) \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final String REPOSITORIES = "repositories[]";

    /** A key as the doc names it, with its variable and default. */
    private record Entry(String variable, String defaultText) {
    }

    @Test
    void everyKeyHasARowWithItsVariableAndDefault() throws IOException {
        Map<String, List<String>> rows = rows();
        Map<String, Entry> keys = keys();

        for (Map.Entry<String, Entry> key : keys.entrySet()) {
            assertThat(rows).as("a row for %s in %s", key.getKey(), DOC).containsKey(key.getKey());
            List<String> cells = rows.get(key.getKey());
            if (key.getValue().defaultText() != null) {
                assertThat(cells.get(0)).as("default of %s", key.getKey()).isEqualTo("`" + key.getValue().defaultText() + "`");
            }
            if (!key.getKey().equals(REPOSITORIES + ".key")) {
                assertThat(cells.get(1)).as("variable of %s", key.getKey()).isEqualTo("`" + key.getValue().variable() + "`");
            }
        }
        assertThat(keys.keySet()).as("keys documented in %s", DOC).containsAll(rows.keySet());
    }

    /** The doc's table rows: key to its default and variable cells. */
    private static Map<String, List<String>> rows() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            if (!row.group(1).equals("key")) {
                rows.put(row.group(1), List.of(row.group(2).trim(), row.group(3).trim()));
            }
        }
        return rows;
    }

    /** Every leaf key of the configuration and the built-in formats, walked from the records independently of the binder. */
    private static Map<String, Entry> keys() {
        Map<String, Entry> keys = new LinkedHashMap<>();
        walk(WharfConfig.class, "", "WHARF", keys);
        BuiltInFormats formats = new BuiltInFormats();
        formats.sections().forEach((name, type) -> walk(type, name, "WHARF_" + upper(name), keys));
        for (String format : formats.ids()) {
            for (RepositoryType type : RepositoryType.values()) {
                walk(formats.repositoryOptions(format, type), REPOSITORIES, "WHARF_REPOSITORIES_<KEY>", keys);
            }
        }
        return keys;
    }

    private static void walk(Class<?> record, String path, String variable, Map<String, Entry> keys) {
        for (RecordComponent component : record.getRecordComponents()) {
            Class<?> type = component.getType();
            if (type == Map.class || type == Record.class) {
                continue; // the format sections and options, walked from the catalog
            }
            String keyPath = path.isEmpty() ? component.getName() : path + "." + component.getName();
            String name = variable + "_" + upper(component.getName());
            if (type.isRecord()) {
                walk(type, keyPath, name, keys);
            } else if (type == List.class && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> item && item.isRecord()) {
                walk(item, keyPath + "[]", variable + "_" + upper(component.getName()) + "_<KEY>", keys);
            } else {
                Default declared = component.getAnnotation(Default.class);
                keys.put(keyPath, new Entry(name, declared == null ? null : declared.value()));
            }
        }
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    @Test
    void embeddedDefaultIsTheOneDocumented(@TempDir Path dir) throws IOException {
        String doc = Files.readString(DOC);
        Matcher block = Pattern.compile("## The embedded default.*?```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).isTrue();
        Path file = dir.resolve("wharf.yaml");
        Files.writeString(file, block.group(1));

        assertThat(ConfigLoader.load(file, Map.of(), new BuiltInFormats()))
                .isEqualTo(ConfigLoader.embeddedDefault(Path.of("wharf-data"), Map.of(), new BuiltInFormats()));
    }

    @Test
    void theWalkSeesRepositoryKeysAndFormatOptions() {
        Map<String, Entry> keys = keys();

        assertThat(keys).containsKeys("server.port", "server.limits.maxUploadBytes", "repositories[].upstream.readTimeout",
                "repositories[].mutable", "repositories[].allowOverwrite", "docker.defaultRepository");
        assertThat(keys.get("repositories[].upstream.readTimeout"))
                .isEqualTo(new Entry("WHARF_REPOSITORIES_<KEY>_UPSTREAM_READTIMEOUT", "30s"));
        assertThat(new ArrayList<>(keys.keySet())).doesNotContain("sections", REPOSITORIES + ".options");
        assertThat(RepositoryConfig.class.getRecordComponents()).isNotEmpty();
    }
}
