package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void eachCodeHasItsStatus() {
        Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.BLOB_UNKNOWN, 404);
        expected.put(ErrorCode.BLOB_UPLOAD_INVALID, 404);
        expected.put(ErrorCode.BLOB_UPLOAD_UNKNOWN, 404);
        expected.put(ErrorCode.DIGEST_INVALID, 400);
        expected.put(ErrorCode.MANIFEST_BLOB_UNKNOWN, 400);
        expected.put(ErrorCode.MANIFEST_INVALID, 400);
        expected.put(ErrorCode.MANIFEST_UNKNOWN, 404);
        expected.put(ErrorCode.NAME_INVALID, 400);
        expected.put(ErrorCode.NAME_UNKNOWN, 404);
        expected.put(ErrorCode.PAGINATION_NUMBER_INVALID, 400);
        expected.put(ErrorCode.SIZE_INVALID, 400);
        expected.put(ErrorCode.UNAUTHORIZED, 401);
        expected.put(ErrorCode.DENIED, 403);
        expected.put(ErrorCode.UNSUPPORTED, 405);
        expected.put(ErrorCode.TOOMANYREQUESTS, 429);
        expected.put(ErrorCode.UPSTREAM_UNAVAILABLE, 502);
        expected.put(ErrorCode.UPSTREAM_TIMEOUT, 504);
        expected.put(ErrorCode.NOT_FOUND, 404);
        expected.put(ErrorCode.RANGE_NOT_SATISFIABLE, 416);
        expected.put(ErrorCode.TOO_LARGE, 413);
        expected.put(ErrorCode.STORAGE_FULL, 507);
        expected.put(ErrorCode.INTERNAL_ERROR, 500);

        assertThat(expected).hasSize(ErrorCode.values().length);
        expected.forEach((code, status) -> assertThat(code.status()).as(code.name()).isEqualTo(status));
    }

    @Test
    void eachCodeHasADefaultMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.message()).as(code.name()).isNotBlank();
        }
        assertThat(ErrorCode.MANIFEST_UNKNOWN.message()).isEqualTo("manifest unknown");
        assertThat(ErrorCode.BLOB_UNKNOWN.message()).isEqualTo("blob unknown to registry");
    }

    @Test
    void codesAreUppercaseIdentifiersAsTheSpecRequires() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.name()).matches("[A-Z_]+");
        }
    }
}
