package dev.wharf.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a key of each Java type reads the text of its scalar (the YAML reader keeps every scalar as text):
 * <ul>
 *   <li>{@code String}: the text as written;</li>
 *   <li>{@code int}: decimal digits, optionally signed, within 32 bits;</li>
 *   <li>{@code boolean}: {@code true}/{@code false}, or {@code yes}/{@code no}, {@code on}/{@code off} as YAML 1.1 reads them, any case;</li>
 *   <li>{@code long}: a size, {@link DataSizeSyntax}, e.g. {@code 10GiB};</li>
 *   <li>{@code Duration}: {@link DurationSyntax}, e.g. {@code 30s};</li>
 *   <li>{@code Path}: absolute, a relative one resolved against the working directory;</li>
 *   <li>{@code URI}: any URL; whether its scheme fits is for the record to say;</li>
 *   <li>the configuration's enums: their lower-case ids.</li>
 * </ul>
 * A failure is a {@link ConfigException} without a key; the binder places it under the key being read.
 */
final class ScalarDeserializers {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,18}");
    private static final List<String> TRUE = List.of("true", "yes", "on");
    private static final List<String> FALSE = List.of("false", "no", "off");

    private ScalarDeserializers() {
    }

    /** The Jackson module with a deserializer for every scalar type the configuration records use. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("wharf-config-scalars");
        add(module, String.class, "a string", text -> text);
        add(module, int.class, "an integer", ScalarDeserializers::integer);
        add(module, Integer.class, "an integer", ScalarDeserializers::integer);
        add(module, boolean.class, "true or false", ScalarDeserializers::bool);
        add(module, Boolean.class, "true or false", ScalarDeserializers::bool);
        add(module, long.class, "a size", ScalarDeserializers::size);
        add(module, Long.class, "a size", ScalarDeserializers::size);
        add(module, Duration.class, "a duration", ScalarDeserializers::duration);
        add(module, Path.class, "a path", ScalarDeserializers::path);
        add(module, URI.class, "a URL", ScalarDeserializers::uri);
        add(module, RepositoryType.class, "a string", RepositoryType::of);
        return module;
    }

    private static <T> void add(SimpleModule module, Class<T> type, String expected, Function<String, T> parse) {
        module.addDeserializer(type, new Scalar<>(type, expected, parse));
    }

    static int integer(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw new ConfigException(null, Check.quote(text) + " is not an integer");
        }
        long value = Long.parseLong(text);
        if (value != (int) value) {
            throw new ConfigException(null, Check.quote(text) + " is out of range (expected a 32-bit integer)");
        }
        return (int) value;
    }

    static boolean bool(String text) {
        String word = text.toLowerCase(Locale.ROOT);
        if (TRUE.contains(word)) {
            return true;
        }
        if (FALSE.contains(word)) {
            return false;
        }
        throw new ConfigException(null, Check.quote(text) + " is not a boolean (expected true or false)");
    }

    static long size(String text) {
        return DataSizeSyntax.parse(text).orElseThrow(() -> new ConfigException(null,
                Check.quote(text) + " is not a size " + DataSizeSyntax.EXPECTED));
    }

    static Duration duration(String text) {
        return DurationSyntax.parse(text).orElseThrow(() -> new ConfigException(null,
                Check.quote(text) + " is not a duration " + DurationSyntax.EXPECTED));
    }

    static Path path(String text) {
        if (text.isBlank()) {
            throw new ConfigException(null, "must not be blank");
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(null, Check.quote(text) + " is not a valid path (" + e.getReason() + ")");
        }
    }

    static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(null, Check.quote(Redaction.url(text)) + " is not a valid URL");
        }
    }

    /** Reads one scalar's text with {@code parse}; a mapping or list where a scalar belongs is an error. */
    private static final class Scalar<T> extends StdDeserializer<T> {
        private final String expected;
        private final Function<String, T> parse;

        Scalar(Class<T> type, String expected, Function<String, T> parse) {
            super(type);
            this.expected = expected;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT) {
                throw new ConfigException(null, "expected " + expected + ", got a mapping");
            }
            if (token == JsonToken.START_ARRAY) {
                throw new ConfigException(null, "expected " + expected + ", got a list");
            }
            return parse.apply(parser.getText());
        }
    }
}
