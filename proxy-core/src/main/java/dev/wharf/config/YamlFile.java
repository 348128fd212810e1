package dev.wharf.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads configuration YAML into a tree whose top is a mapping and whose scalars are all text, as written, noting
 * the line of every key and list item. Syntax errors name {@code line:column}; duplicate keys are errors; aliases
 * ({@code *name}) are refused, because the token stream gives the anchor's name rather than its value.
 */
final class YamlFile {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlFile() {
    }

    /** The tree of the UTF-8 YAML file {@code file}; errors name the file as given. */
    static SourceTree read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, "no such file").from(file.toString());
        } catch (CharacterCodingException e) {
            throw new ConfigException(null, "not valid UTF-8").from(file.toString());
        } catch (IOException e) {
            throw new ConfigException(null, "cannot be read (" + e + ")").from(file.toString());
        }
        return parse(text, file.toString());
    }

    /** The tree of {@code text}; errors name {@code source}. */
    static SourceTree parse(String text, String source) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return SourceTree.withoutLines(JsonNodeFactory.instance.objectNode());
            }
            TreeReader reader = new TreeReader(parser, source);
            JsonNode tree = reader.value("");
            if (!tree.isObject()) {
                throw new ConfigException(null, "expected a mapping at the top level, got " + TreeShaper.kind(tree))
                        .from(source);
            }
            return new SourceTree((ObjectNode) tree, reader.lines);
        } catch (JsonProcessingException e) {
            // Jackson wraps SnakeYAML's exception, which alone tells the problem and its context apart.
            if (e.getCause() instanceof MarkedYAMLException marked) {
                throw syntaxError(marked, source);
            }
            JsonLocation at = e.getLocation();
            throw new ConfigException(null, "YAML syntax error: " + e.getOriginalMessage())
                    .from(source).at(at.getLineNr(), at.getColumnNr());
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string", e);
        }
    }

    /**
     * Builds the tree from the parser's tokens, keeping every scalar as the text it was written with: the YAML
     * resolver reads {@code 0123} as the octal number 83 and {@code 1.10} as 1.1, which a string key such as a
     * password must not see. Keys that want a number or a boolean convert the text when they are bound.
     */
    private static final class TreeReader {
        private final YAMLParser parser;
        private final String source;
        private final Map<String, Integer> lines = new HashMap<>();

        TreeReader(YAMLParser parser, String source) {
            this.parser = parser;
            this.source = source;
        }

        /** The value starting at the current token, found at key path {@code path}. */
        JsonNode value(String path) throws IOException {
            if (parser.isCurrentAlias()) {
                JsonLocation at = parser.currentTokenLocation();
                throw new ConfigException(null, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out")
                        .from(source).at(at.getLineNr(), at.getColumnNr());
            }
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT) {
                ObjectNode mapping = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String child = KeyPath.child(path, name);
                    lines.put(child, parser.currentTokenLocation().getLineNr());
                    parser.nextToken();
                    mapping.set(name, value(child));
                }
                return mapping;
            }
            if (token == JsonToken.START_ARRAY) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String item = KeyPath.item(path, list.size());
                    lines.put(item, parser.currentTokenLocation().getLineNr());
                    list.add(value(item));
                }
                return list;
            }
            if (token == JsonToken.VALUE_NULL) {
                return NullNode.getInstance();
            }
            return TextNode.valueOf(parser.getText());
        }
    }

    /** SnakeYAML marks are 0-based; editors count from 1. */
    private static ConfigException syntaxError(MarkedYAMLException e, String source) {
        Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder problem = new StringBuilder("YAML syntax error: ")
                .append(e.getProblem() != null ? e.getProblem() : e.getContext());
        if (e.getContext() != null && e.getProblem() != null) {
            problem.append(" (").append(e.getContext());
            Mark context = e.getContextMark();
            if (context != null) {
                problem.append(" at ").append(context.getLine() + 1).append(':').append(context.getColumn() + 1);
            }
            problem.append(')');
        }
        ConfigException error = new ConfigException(null, problem.toString()).from(source);
        return at == null ? error : error.at(at.getLine() + 1, at.getColumn() + 1);
    }
}
