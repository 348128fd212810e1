package dev.wharf.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.testing.FakeRegistry;
import dev.wharf.testing.InProcessWharf;
import dev.wharf.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that accepts connections and never answers: a cached tag past its TTL is served stale within
 * the short revalidation timeout, uncached content gets a 504 within the read timeout, even though the
 * client connection's idle timeout is shorter than both.
 */
@Timeout(60)
class HungUpstreamTest {
    private static final String TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private final FakeRegistry registry = FakeRegistry.start();
    private final CountDownLatch release = new CountDownLatch(1);
    private InProcessWharf wharf;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (wharf != null) {
            wharf.close();
        }
        registry.close();
    }

    @Test
    void staleIsServedPromptlyAndUncachedGetsA504BeforeTheClientGivesUp() throws Exception {
        registry.manifest("team/app", "v1", TYPE, MANIFEST);
        wharf = InProcessWharf.start(dir, """
                server: { port: 0, bindAddress: 127.0.0.1, idleTimeout: 1s }
                repositories:
                  - { key: hub, format: docker, type: remote, url: "%s", metadataTtl: 1s,
                      upstream: { readTimeout: 3s, revalidationTimeout: 1s } }
                """.formatted(registry.url()));
        assertThat(RawHttp.get(wharf.port(), "/v2/hub/team/app/manifests/v1", "Accept", TYPE).status()).isEqualTo(200);
        for (String path : List.of("/v2/team/app/manifests/v1", "/v2/team/app/manifests/v2")) {
            registry.on(path, exchange -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
        }
        Thread.sleep(1_100);

        long start = System.nanoTime();
        RawHttp.Response stale = RawHttp.send(wharf.port(), "GET", "/v2/hub/team/app/manifests/v1",
                List.<String[]>of(new String[] {"Accept", TYPE}), Duration.ofSeconds(20));
        long staleMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(stale.status()).as(stale.toString()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(MANIFEST);
        assertThat(stale.header("Warning")).isPresent();
        assertThat(staleMillis).as("served within the revalidation timeout, not the read timeout").isLessThan(2_800);

        RawHttp.Response uncached = RawHttp.send(wharf.port(), "GET", "/v2/hub/team/app/manifests/v2",
                List.<String[]>of(new String[] {"Accept", TYPE}), Duration.ofSeconds(20));
        assertThat(uncached.status()).as(uncached.toString()).isEqualTo(504);
        assertThat(uncached.text()).contains("UPSTREAM_TIMEOUT");
    }
}
