package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {
    private static final CompletedRequest FILL_JOIN = new CompletedRequest("127.0.0.1", "GET", "/v2/x?y=1", 200, 5,
            1_234_567, CacheStatus.FILL_JOIN, "hub", "docker", false);

    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
    }

    @Test
    void theLineHoldsClientMethodUriStatusBytesMillisAndCacheOutcome() {
        assertThat(AccessLog.line(FILL_JOIN)).isEqualTo("127.0.0.1 GET /v2/x?y=1 200 5B 1.234ms fill-join");
    }

    @Test
    void anAbortedResponseEndsWithAbortedAndAnUnknownOutcomeIsADash() {
        CompletedRequest r = new CompletedRequest("::1", "GET", "/v2/big", 200, 4, 12_000_000, null, "-", "-", true);
        assertThat(AccessLog.line(r)).isEqualTo("::1 GET /v2/big 200 4B 12.000ms - aborted");
    }

    @Test
    void forJsonTheValuesGoAlongAsFields() {
        new AccessLog(true).completed(FILL_JOIN);

        ILoggingEvent event = events.list.get(0);
        assertThat(event.getFormattedMessage()).isEqualTo(AccessLog.line(FILL_JOIN));
        assertThat(event.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value).contains(
                "client=127.0.0.1", "method=GET", "uri=/v2/x?y=1", "status=200", "bytes=5", "micros=1234",
                "cache=fill-join", "repository=hub", "format=docker", "aborted=false");
    }

    @Test
    void forTextTheLineAloneIsLogged() {
        new AccessLog(false).completed(FILL_JOIN);

        ILoggingEvent event = events.list.get(0);
        assertThat(event.getFormattedMessage()).isEqualTo(AccessLog.line(FILL_JOIN));
        assertThat(event.getKeyValuePairs()).as("fields").satisfiesAnyOf(
                kvs -> assertThat(kvs).isNull(), kvs -> assertThat(kvs).isEmpty());
    }
}
