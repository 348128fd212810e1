package dev.wharf.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test validator accepts what conforms and rejects, with a pointer to the spot, what does not. */
class SchemaValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode document = json("""
            {"components": {"schemas": {
              "Item": {"type": "object", "required": ["id", "kind"], "additionalProperties": false,
                       "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": ["a", "b"]},
                                      "note": {"type": ["string", "null"], "format": "date-time"}}},
              "List": {"type": "object", "required": ["items"],
                       "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}},
                       "additionalProperties": {"type": "boolean"}}
            }}}
            """);
    private final SchemaValidator validator = new SchemaValidator(document);
    private final JsonNode list = json("{\"$ref\": \"#/components/schemas/List\"}");

    @Test
    void aConformingValuePasses() {
        assertThat(validator.validate(list, json("""
                {"items": [{"id": 1, "kind": "a", "note": null}, {"id": 2, "kind": "b", "note": "2030-01-01T00:00:00Z"}],
                 "extra": true}
                """))).isEmpty();
        validator.vet(document.at("/components/schemas/List"));
        validator.vet(document.at("/components/schemas/Item"));
    }

    @Test
    void eachRuleRejectsWhatBreaksIt() {
        assertThat(violations("{\"items\": {}}")).containsExactly("/items: object {}, expected \"array\"");
        assertThat(violations("{}")).containsExactly("/: required property items is missing");
        assertThat(violations("{\"items\": [{\"id\": 1}]}")).containsExactly("/items/0: required property kind is missing");
        assertThat(violations("{\"items\": [{\"id\": 1.5, \"kind\": \"a\"}]}"))
                .containsExactly("/items/0/id: number 1.5, expected \"integer\"");
        assertThat(violations("{\"items\": [{\"id\": 1, \"kind\": \"c\"}]}"))
                .containsExactly("/items/0/kind: \"c\" is not one of [\"a\",\"b\"]");
        assertThat(violations("{\"items\": [{\"id\": 1, \"kind\": \"a\", \"note\": 3}]}"))
                .containsExactly("/items/0/note: number 3, expected [\"string\",\"null\"]");
        assertThat(violations("{\"items\": [{\"id\": 1, \"kind\": \"a\", \"secret\": \"x\"}]}"))
                .containsExactly("/items/0/secret: property not allowed");
        assertThat(violations("{\"items\": [], \"extra\": \"yes\"}")).containsExactly("/extra: string \"yes\", expected \"boolean\"");
        assertThat(violations("[]")).containsExactly("/: array [], expected \"object\"");
        assertThat(violations("{\"items\": [{\"kind\": \"z\"}, 7]}")).hasSize(3);
    }

    @Test
    void keywordsOutsideTheSubsetAndBrokenReferencesAreRefused() {
        assertThatThrownBy(() -> validator.vet(json("{\"type\": \"string\", \"minLength\": 3}")))
                .hasMessageContaining("unsupported keyword minLength");
        assertThatThrownBy(() -> validator.validate(json("{\"oneOf\": []}"), json("1")))
                .hasMessageContaining("unsupported keyword oneOf");
        assertThatThrownBy(() -> validator.vet(json("{\"$ref\": \"#/components/schemas/Nope\"}")))
                .hasMessageContaining("unresolvable reference #/components/schemas/Nope");
        assertThatThrownBy(() -> validator.vet(json("{\"type\": \"int\"}"))).hasMessageContaining("unknown type");
        assertThatThrownBy(() -> validator.vet(json("{\"properties\": {\"a\": {\"pattern\": \"x\"}}}")))
                .hasMessageContaining("unsupported keyword pattern");
    }

    private List<String> violations(String value) {
        return validator.validate(list, json(value));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
