package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The throttled relay keeps the bytes intact, is never faster than its rate, and runs at full speed once unthrottled. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThrottledRelayTest {
    private static final int SIZE = 512 * 1024;
    private static final long RATE = 256 * 1024;

    @Test
    void pacesResponsesUntilUnthrottled() {
        byte[] body = PseudoRandomBytes.array(3, SIZE);
        try (FakeHttp server = new FakeHttp("relay-test", exchange -> {
                 exchange.sendResponseHeaders(200, body.length);
                 try (OutputStream out = exchange.getResponseBody()) {
                     out.write(body);
                 } catch (IOException e) {
                     // The client left.
                 }
             });
             ThrottledRelay relay = new ThrottledRelay(server.port(), RATE)) {
            long started = System.nanoTime();
            HttpProbe.Streamed slow = HttpProbe.getStreamed(relay.url() + "/blob");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(slow.digest()).as(slow.toString()).isEqualTo(Sha256.of(body));
            // SIZE / RATE = 2 s; the first pieces go out before any pause.
            assertThat(took).isGreaterThan(Duration.ofMillis(1500));
            assertThat(relay.responseBytes()).isGreaterThan(SIZE);

            relay.unthrottle();
            started = System.nanoTime();
            HttpProbe.Streamed fast = HttpProbe.getStreamed(relay.url() + "/blob");
            assertThat(fast.digest()).isEqualTo(Sha256.of(body));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        }
    }
}
