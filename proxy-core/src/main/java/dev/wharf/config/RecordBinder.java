package dev.wharf.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Binds a tree that {@link TreeShaper} has shaped into configuration records with Jackson databind: records through
 * their canonical constructors (which validate), scalars through {@link ScalarDeserializers}. A failure becomes one
 * {@link ConfigException} whose key is the path Jackson was reading, followed by the key the failing record named.
 */
final class RecordBinder {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(ScalarDeserializers.module())
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
