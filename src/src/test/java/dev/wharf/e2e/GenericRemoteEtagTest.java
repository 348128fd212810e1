package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.Curl;
import dev.wharf.e2e.support.GenericRepository;
import dev.wharf.e2e.support.NginxFileServer;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generic remote over nginx, which sends ETags: past its {@code metadataTtl}, a mutable file is revalidated
 * with {@code If-None-Match} carrying the upstream's ETag; a 304 keeps the cached copy and a changed file is
 * served new.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiredProgram(value = NginxFileServer.PROGRAM, debianPackage = NginxFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class GenericRemoteEtagTest {
    private static final Duration PAST_TTL = Duration.ofMillis(1600);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void aMutableFileIsRevalidatedWithItsEtag() throws IOException {
        try (NginxFileServer upstream = NginxFileServer.start(tmp.resolve("upstream"), tmp.resolve("nginx"))) {
            Path index = upstream.root().resolve("tool/index.json");
            Files.createDirectories(index.getParent());
            Files.writeString(index, "{\"latest\":\"1.0\"}");
            Curl curl = Curl.in(tmp.resolve("curl"), Duration.ofSeconds(30));
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .generic(GenericRepository.remote("files", upstream.url()).mutable("**/*.json").metadataTtl("1s")));
            String url = wharf.url() + "/repository/files/tool/index.json";
            String etag = curl.head(upstream.url() + "/tool/index.json").header("ETag")
                    .orElseThrow(() -> new AssertionError("nginx sent no ETag"));

            assertThat(text(curl.get(url))).isEqualTo("{\"latest\":\"1.0\"}");
            Waits.sleep(PAST_TTL);
            assertThat(text(curl.get(url))).isEqualTo("{\"latest\":\"1.0\"}");
            List<NginxFileServer.Request> requests = upstream.requestsFor("/tool/index.json").stream()
                    .filter(request -> request.method().equals("GET")).toList();
            assertThat(requests).as("the fetch, then a conditional GET").extracting(NginxFileServer.Request::status)
                    .containsExactly(200, 304);
            assertThat(requests.get(1).ifNoneMatch()).as("the revalidation carries the upstream's ETag").isEqualTo(etag);

            Files.writeString(index, "{\"latest\":\"2.0.1\"}");
            Waits.sleep(PAST_TTL);
            assertThat(text(curl.get(url))).isEqualTo("{\"latest\":\"2.0.1\"}");
        }
    }

    private static String text(Curl.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text();
    }
}
