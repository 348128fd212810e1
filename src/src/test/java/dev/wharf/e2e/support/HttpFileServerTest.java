package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream of the generic tests, with curl and without Wharf: python's http.server sends Last-Modified,
 * answers If-Modified-Since with 304, ignores Range (so a 206 through Wharf comes from Wharf), lists
 * directories, logs each request with its status, and restarts on the same port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class HttpFileServerTest {
    @TempDir
    Path tmp;

    @Test
    void servesRevalidatesListsLogsAndRestarts() throws IOException {
        Curl curl = Curl.in(tmp.resolve("curl"), Duration.ofSeconds(20));
        try (HttpFileServer server = HttpFileServer.start(tmp.resolve("root"), tmp.resolve("server.log"))) {
            SeededFile file = SeededFile.write(server.root().resolve("a/file.bin"), 17, 3 << 20);
            String url = server.url() + "/a/file.bin";

            Curl.Response get = curl.get(url);
            assertThat(get.status()).as(get.toString()).isEqualTo(200);
            assertThat(get.digest()).isEqualTo(file.digest());
            assertThat(get.header("ETag")).as("http.server sends no ETag").isEmpty();
            String lastModified = get.header("Last-Modified").orElseThrow(() -> new AssertionError("no Last-Modified: " + get));
            Curl.Response conditional = curl.get(url, "If-Modified-Since: " + lastModified);
            assertThat(conditional.status()).as(conditional.toString()).isEqualTo(304);
            Curl.Response range = curl.range(url, 100, 199);
            assertThat(range.status()).as("http.server ignores Range: " + range).isEqualTo(200);
            assertThat(range.size()).isEqualTo(file.size());
            Files.writeString(server.root().resolve("a/other.txt"), "x");
            assertThat(curl.get(server.url() + "/a/").text()).contains("file.bin", "other.txt");
            assertThat(curl.get(server.url() + "/a/none").status()).isEqualTo(404);

            assertThat(server.requestsFor("/a/file.bin")).containsExactly(new HttpFileServer.Request("GET", "/a/file.bin", 200),
                    new HttpFileServer.Request("GET", "/a/file.bin", 304), new HttpFileServer.Request("GET", "/a/file.bin", 200));
            assertThat(server.requestsFor("/a/none")).extracting(HttpFileServer.Request::status).containsExactly(404);

            server.stop();
            Curl.Response refused = curl.get(url);
            assertThat(refused.completed()).as(refused.toString()).isFalse();
            assertThat(refused.status()).isZero();

            server.start();
            assertThat(curl.get(url).digest()).isEqualTo(file.digest());
        }
    }
}
