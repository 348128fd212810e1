package dev.wharf.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads configuration YAML into a tree whose top is a mapping. Syntax errors name {@code line:column}; duplicate
 * keys are errors; aliases ({@code *name}) are refused, because the YAML binding would read them as the anchor's
 * name rather than its value.
 */
final class YamlFile {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private YamlFile() {
    }

    /** The tree of the UTF-8 YAML file {@code file}; errors name the file as given. */
    static ObjectNode read(Path file) {
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
    static ObjectNode parse(String text, String source) {
        JsonNode tree;
        try {
            refuseAliases(text, source);
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson wraps SnakeYAML's exception, which alone tells the problem and its context apart.
            if (e.getCause() instanceof MarkedYAMLException marked) {
                throw syntaxError(marked, source);
            }
            JsonLocation at = e.getLocation();
            throw new ConfigException(null, "YAML syntax error: " + e.getOriginalMessage())
                    .from(source + ":" + at.getLineNr() + ":" + at.getColumnNr());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(null, "expected a mapping at the top level, got " + Describe.kind(tree)).from(source);
        }
        return (ObjectNode) tree;
    }

    private static void refuseAliases(String text, String source) throws JsonProcessingException {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new ConfigException(null, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out")
                            .from(source + ":" + at.getLineNr() + ":" + at.getColumnNr());
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string", e);
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
        String where = at == null ? source : source + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
        return new ConfigException(null, problem.toString()).from(where);
    }
}
