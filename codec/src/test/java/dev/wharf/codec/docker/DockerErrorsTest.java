package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerErrorsTest {

    @Test
    void rendersTheDistributionErrorBody() {
        assertThat(DockerErrors.json(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown: library/ubuntu:nope"))
                .isEqualTo("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown: library/ubuntu:nope\"}]}");
    }

    @Test
    void usesTheDefaultMessageWhenGivenNone() {
        assertThat(DockerErrors.json(ErrorCode.BLOB_UNKNOWN, null))
                .isEqualTo("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}");
    }

    @Test
    void insertsTheDetailAsJson() {
        assertThat(DockerErrors.json(ErrorCode.DENIED, null, "{\"name\":\"evil/miner\"}"))
                .isEqualTo("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\","
                        + "\"detail\":{\"name\":\"evil/miner\"}}]}");
        assertThat(DockerErrors.json(ErrorCode.NAME_INVALID, "bad", null))
                .isEqualTo("{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"bad\"}]}");
    }

    @Test
    void escapesHostileMessages() {
        String message = "name: \"a\\b\"\n\u0000</x>\u00e9\ud83d\udc33";

        assertThat(DockerErrors.json(ErrorCode.NAME_INVALID, message))
                .isEqualTo("{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":"
                        + "\"name: \\\"a\\\\b\\\"\\n\\u0000\\u003c/x\\u003e\\u00e9\\ud83d\\udc33\"}]}");
    }
}
