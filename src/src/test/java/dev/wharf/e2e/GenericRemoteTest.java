package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.Curl;
import dev.wharf.e2e.support.GenericRepository;
import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.SeededFile;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generic remote over {@code python3 -m http.server}, fetched with curl: an immutable file is fetched once
 * and then served from the cache, ranges included, with the upstream stopped; a file matching a
 * {@code mutable} glob is revalidated with {@code If-Modified-Since} after its {@code metadataTtl} (a 304
 * keeps the cached copy, a change is served) and served stale with a {@code Warning} while the upstream is
 * down; a directory is the upstream's listing; a missing file is a 404 with a JSON message.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class GenericRemoteTest {
    private static final long MIB = 1 << 20;
    private static final Duration TTL = Duration.ofSeconds(1);
    /** Past the TTL, with room for a coarse clock. */
    private static final Duration PAST_TTL = TTL.plusMillis(600);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    private HttpFileServer upstream;
    private WharfProcess wharf;
    private Curl curl;

    @BeforeEach
    void startUpstreamAndWharf() {
        upstream = HttpFileServer.start(tmp.resolve("upstream"), tmp.resolve("upstream.log"));
        curl = Curl.in(tmp.resolve("curl"), Duration.ofSeconds(60));
        wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .generic(GenericRepository.remote("files", upstream.url() + "/dist")
                        .mutable("**/latest/*", "**/*.json")
                        .metadataTtl(TTL.toSeconds() + "s")));
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop();
    }

    @Test
    void anImmutableFileIsFetchedOnceThenServedFromTheCacheWithTheUpstreamStopped() {
        SeededFile file = SeededFile.write(upstream.root().resolve("dist/tool/1.0/tool.tar.gz"), 1101, 5 * MIB);
        String url = wharf.url() + "/repository/files/tool/1.0/tool.tar.gz";

        Curl.Response miss = curl.get(url);
        assertThat(miss.status()).as(miss.toString()).isEqualTo(200);
        assertThat(miss.completed()).as(miss.toString()).isTrue();
        assertThat(miss.size()).isEqualTo(file.size());
        assertThat(miss.digest()).isEqualTo(file.digest());

        Waits.sleep(PAST_TTL);
        Curl.Response again = curl.get(url);
        assertThat(again.digest()).as(again.toString()).isEqualTo(file.digest());
        assertThat(upstream.requestsFor("/dist/tool/1.0/tool.tar.gz")).as("upstream requests, immutable past the TTL")
                .filteredOn(request -> request.method().equals("GET")).hasSize(1);

        upstream.stop();
        Curl.Response hit = curl.get(url);
        assertThat(hit.status()).as(hit.toString()).isEqualTo(200);
        assertThat(hit.completed()).as(hit.toString()).isTrue();
        assertThat(hit.digest()).isEqualTo(file.digest());
        Curl.Response head = curl.head(url);
        assertThat(head.status()).as(head.toString()).isEqualTo(200);
        assertThat(head.header("Content-Length")).as(head.toString()).hasValue(Long.toString(file.size()));

        Curl.Response range = curl.range(url, 100, 199);
        assertThat(range.status()).as(range.toString()).isEqualTo(206);
        assertThat(range.header("Content-Range")).as(range.toString()).hasValue("bytes 100-199/" + file.size());
        assertThat(range.body()).isEqualTo(file.range(100, 199));
        Curl.Response tail = curl.range(url, file.size() - 10, file.size() - 1);
        assertThat(tail.status()).as(tail.toString()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(file.range(file.size() - 10, file.size() - 1));
    }

    @Test
    void aMutableFileIsRevalidatedAfterItsTtlAndServedStaleWhileTheUpstreamIsDown() throws IOException {
        Path version = write("dist/tool/latest/VERSION", "1.0\n");
        String url = wharf.url() + "/repository/files/tool/latest/VERSION";

        assertThat(ok(curl.get(url)).text()).isEqualTo("1.0\n");

        Waits.sleep(PAST_TTL);
        Curl.Response unchanged = curl.get(url);
        assertThat(unchanged.status()).as(unchanged.toString()).isEqualTo(200);
        assertThat(unchanged.text()).isEqualTo("1.0\n");
        assertThat(upstream.requestsFor("/dist/tool/latest/VERSION")).as("upstream requests: the fetch, then a conditional one")
                .extracting(HttpFileServer.Request::status).containsExactly(200, 304);

        // http.server's Last-Modified has whole seconds: move the mtime well past the cached one.
        FileTime cached = Files.getLastModifiedTime(version);
        Files.writeString(version, "2.0\n");
        Files.setLastModifiedTime(version, FileTime.fromMillis(cached.toMillis() + 60_000));
        Waits.sleep(PAST_TTL);
        Curl.Response changed = curl.get(url);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.text()).as(changed.toString()).isEqualTo("2.0\n");
        assertThat(changed.header("Warning")).as(changed.toString()).isEmpty();

        upstream.stop();
        Waits.sleep(PAST_TTL);
        Curl.Response stale = curl.get(url);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(200);
        assertThat(stale.text()).isEqualTo("2.0\n");
        assertThat(stale.header("Warning")).as("a stale copy is marked: " + stale).isPresent();
    }

    @Test
    void aJsonFileIsMutableToo() throws IOException {
        Path index = write("dist/tool/index.json", "{\"latest\":\"1.0\"}");
        String url = wharf.url() + "/repository/files/tool/index.json";
        assertThat(ok(curl.get(url)).text()).isEqualTo("{\"latest\":\"1.0\"}");

        FileTime cached = Files.getLastModifiedTime(index);
        Files.writeString(index, "{\"latest\":\"2.0\"}");
        Files.setLastModifiedTime(index, FileTime.fromMillis(cached.toMillis() + 60_000));
        Waits.sleep(PAST_TTL);

        Curl.Response changed = curl.get(url);
        assertThat(changed.text()).as(changed.toString()).isEqualTo("{\"latest\":\"2.0\"}");
    }

    @Test
    void aDirectoryIsTheUpstreamsListing() throws IOException {
        write("dist/tool/1.0/a.txt", "a");
        write("dist/tool/1.0/b.txt", "b");

        Curl.Response listing = curl.get(wharf.url() + "/repository/files/tool/1.0/");

        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        assertThat(listing.text()).contains("a.txt", "b.txt");
        assertThat(upstream.requestsFor("/dist/tool/1.0/")).as("the listing came from the upstream").isNotEmpty();
    }

    @Test
    void aMissingFileIsA404WithAJsonMessage() {
        Curl.Response missing = curl.get(wharf.url() + "/repository/files/tool/9.9/none.tar.gz");

        assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        JsonNode message = missing.json().findValue("message");
        assertThat(message).as("a message in " + missing).isNotNull();
        assertThat(message.asText()).as(missing.toString()).isNotBlank();
        assertThat(upstream.requestsFor("/dist/tool/9.9/none.tar.gz")).extracting(HttpFileServer.Request::status)
                .containsExactly(404);
    }

    private static Curl.Response ok(Curl.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    private Path write(String relative, String content) throws IOException {
        Path file = upstream.root().resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
