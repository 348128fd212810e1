package dev.wharf.e2e.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.e2e.support.HttpProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a registry error answer as spec.md §Error Codes describes it: a JSON body
 * {@code {"errors": [{"code": ..., "message": ..., "detail": ...}]}} whose codes are uppercase letters and
 * underscores taken from the spec's table.
 */
final class RegistryErrors {
    /** The codes of spec.md's error table (code-1 .. code-14). */
    static final Set<String> CODES = Set.of("BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID",
            "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID",
            "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryErrors() {
    }

    /** Fails unless {@code reply} has {@code status} and a registry error body listing {@code code}. */
    static void assertError(HttpProbe.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(codes(reply)).as(reply.toString()).contains(code);
    }

    /** Fails unless {@code reply} has a status among {@code statuses} and a registry error body listing {@code code}. */
    static void assertError(HttpProbe.Reply reply, List<Integer> statuses, String code) {
        assertThat(reply.status()).as(reply.toString()).isIn(statuses);
        assertThat(codes(reply)).as(reply.toString()).contains(code);
    }

    /** The codes of a registry error body, each checked against the spec's grammar and table. */
    static List<String> codes(HttpProbe.Reply reply) {
        JsonNode errors;
        try {
            errors = JSON.readTree(reply.body()).path("errors");
        } catch (IOException e) {
            throw new AssertionError("an error body that is not JSON: " + reply, e);
        }
        assertThat(errors.isArray() && !errors.isEmpty()).as("a non-empty errors array in %s", reply).isTrue();
        List<String> codes = new ArrayList<>();
        for (JsonNode error : errors) {
            String code = error.path("code").asText();
            assertThat(code).as("an error code in %s", reply).matches("[A-Z_]+").isIn(CODES);
            codes.add(code);
        }
        return codes;
    }
}
