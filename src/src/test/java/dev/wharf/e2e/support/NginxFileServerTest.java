package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETag upstream of the generic tests, with curl and without Wharf: nginx sends an ETag, answers a matching
 * If-None-Match with 304, changes the ETag when the file changes, logs the validators each request carried,
 * and restarts on the same port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiredProgram(value = NginxFileServer.PROGRAM, debianPackage = NginxFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class NginxFileServerTest {
    @TempDir
    Path tmp;

    @Test
    void servesWithAnEtagRevalidatesLogsValidatorsAndRestarts() throws IOException {
        Curl curl = Curl.in(tmp.resolve("curl"), Duration.ofSeconds(20));
        try (NginxFileServer server = NginxFileServer.start(tmp.resolve("root"), tmp.resolve("nginx"))) {
            Path file = server.root().resolve("a/index.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"v\":1}");
            String url = server.url() + "/a/index.json";

            Curl.Response get = curl.get(url);
            assertThat(get.text()).as(get.toString()).isEqualTo("{\"v\":1}");
            String etag = get.header("ETag").orElseThrow(() -> new AssertionError("no ETag: " + get));
            assertThat(curl.get(url, "If-None-Match: " + etag).status()).isEqualTo(304);
            Files.writeString(file, "{\"v\":22}");
            Curl.Response changed = curl.get(url, "If-None-Match: " + etag);
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(changed.header("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
            assertThat(curl.range(url, 1, 3).text()).isEqualTo("\"v\"");

            assertThat(server.requestsFor("/a/index.json")).extracting(NginxFileServer.Request::status).containsExactly(200, 304, 200, 206);
            assertThat(server.requestsFor("/a/index.json").get(1).ifNoneMatch()).isEqualTo(etag);
            assertThat(server.requestsFor("/a/index.json").get(0).ifNoneMatch()).isEmpty();

            server.stop();
            assertThat(curl.get(url).completed()).isFalse();
            server.start();
            assertThat(curl.get(url).text()).isEqualTo("{\"v\":22}");
        }
    }
}
