package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * Replaces {@code ${NAME}} in every string value of the file with the environment variable {@code NAME}, so that
 * secrets stay out of the file. {@code $${} writes a literal {@code ${}. An unset variable is an error naming it
 * and the key; a set but empty one substitutes the empty string.
 */
final class EnvSubstitution {
    private EnvSubstitution() {
    }

    /** Substitutes in place throughout {@code tree}. */
    static void apply(ObjectNode tree, Map<String, String> env) {
        substituteFields(tree, "", env);
    }

    private static void substituteFields(ObjectNode object, String path, Map<String, String> env) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode replaced = substitute(field.getValue(), key, env);
            if (replaced != field.getValue()) {
                field.setValue(replaced);
            }
        }
    }

    private static JsonNode substitute(JsonNode value, String key, Map<String, String> env) {
        if (value.isTextual()) {
            String text = value.textValue();
            return text.contains("$") ? TextNode.valueOf(expand(text, key, env)) : value;
        }
        if (value.isObject()) {
            substituteFields((ObjectNode) value, key, env);
        } else if (value.isArray()) {
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), key + "[" + i + "]", env));
            }
        }
        return value;
    }

    /** {@code text} with each {@code ${NAME}} replaced and each {@code $${} turned into {@code ${}. */
    private static String expand(String text, String key, Map<String, String> env) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                String name = end < 0 ? "" : text.substring(i + 2, end);
                if (!isVariableName(name)) {
                    // The text is not echoed: it may be a secret.
                    throw new ConfigException(key, "malformed reference at character " + (i + 1)
                            + " (expected ${NAME}, NAME made of letters, digits and _; write $${ for a literal ${)");
                }
                String replacement = env.get(name);
                if (replacement == null) {
                    throw new ConfigException(key, "environment variable " + name + " is not set");
                }
                out.append(replacement);
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isVariableName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
