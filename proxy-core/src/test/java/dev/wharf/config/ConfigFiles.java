package dev.wharf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes YAML into a test's temporary directory and loads it, for tests that check what a user would see. */
final class ConfigFiles {
    private final Path file;

    ConfigFiles(Path dir) {
        this.file = dir.resolve("wharf.yaml");
    }

    Path file() {
        return file;
    }

    WharfConfig load(String yaml) {
        return load(yaml, Map.of());
    }

    WharfConfig load(String yaml, Map<String, String> env) {
        write(yaml);
        return ConfigLoader.load(file, env, TestFormats.INSTANCE);
    }

    /** The one-line message loading {@code yaml} fails with, without the leading {@code <file>[:<line>]: }. */
    String error(String yaml) {
        return error(yaml, Map.of());
    }

    String error(String yaml, Map<String, String> env) {
        ConfigException e = failure(yaml, env);
        String prefix = e.line() > 0 ? file + ":" + e.line() + ": " : file + ": ";
        assertThat(e.getMessage()).startsWith(prefix);
        return e.getMessage().substring(prefix.length());
    }

    /** The exception loading {@code yaml} fails with, checked to be one line naming the file. */
    ConfigException failure(String yaml, Map<String, String> env) {
        write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, env, TestFormats.INSTANCE));
        assertThat(e).as("loading should fail:%n%s", yaml).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThat(e.source()).isEqualTo(file.toString());
        return e;
    }

    void write(String yaml) {
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
