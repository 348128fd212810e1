package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void theLineHoldsClientMethodUriStatusBytesMillisAndCacheOutcome() {
        CompletedRequest r = new CompletedRequest("127.0.0.1", "GET", "/v2/x?y=1", 200, 5, 1_234_567,
                CacheStatus.FILL_JOIN, "hub", "docker", false);
        assertThat(AccessLog.line(r)).isEqualTo("127.0.0.1 GET /v2/x?y=1 200 5B 1.234ms fill-join");
    }

    @Test
    void anAbortedResponseEndsWithAbortedAndAnUnknownOutcomeIsADash() {
        CompletedRequest r = new CompletedRequest("::1", "GET", "/v2/big", 200, 4, 12_000_000, null, "-", "-", true);
        assertThat(AccessLog.line(r)).isEqualTo("::1 GET /v2/big 200 4B 12.000ms - aborted");
    }
}
