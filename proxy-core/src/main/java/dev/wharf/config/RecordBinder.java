package dev.wharf.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;

/**
 * Binds a tree that {@link TreeShaper} has shaped into configuration records with Jackson databind: records through
 * their canonical constructors (which validate), scalars through {@link ScalarDeserializers}. A failure becomes one
 * {@link ConfigException} whose key is the path Jackson was reading, followed by the key the failing record named.
 */
final class RecordBinder {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(ScalarDeserializers.module())
            .addModule(new SimpleModule("wharf-config-embedded").addDeserializer(Record.class, new Embedded()))
            // The shaper gives every primitive its default; a missing one is a bug to hear about, not a 0.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private RecordBinder() {
    }

    /** {@code tree} bound as {@code type}. */
    static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("binding a tree in memory", e);
        }
    }

    /**
     * {@code tree}, the keys at {@code path}, bound as {@code type} and wrapped to be embedded in a larger tree: how a
     * format's record takes the place of a component declared as {@code Record} (a repository's options, a section).
     */
    static POJONode embed(JsonNode tree, Class<? extends Record> type, String path) {
        try {
            return new POJONode(bind(tree, type));
        } catch (ConfigException e) {
            throw e.within(path);
        }
    }

    /** Reads a record that {@link #embed} bound already, wherever a component is declared as {@code Record}. */
    private static final class Embedded extends StdDeserializer<Record> {
        Embedded() {
            super(Record.class);
        }

        @Override
        public Record deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT && parser.getEmbeddedObject() instanceof Record bound) {
                return bound;
            }
            throw new IllegalStateException("a Record component bound from " + parser.currentToken()
                    + " rather than from a record the shaper embedded");
        }
    }

    private static ConfigException translate(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException problem) {
                return problem.within(path.toString());
            }
        }
        // Not a problem the records or scalars describe: Jackson's own words, kept to one line.
        return new ConfigException(path.isEmpty() ? null : path.toString(),
                e.getOriginalMessage().replaceAll("\\s+", " "));
    }
}
