package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.e2e.support.Curl;
import dev.wharf.e2e.support.GenericRepository;
import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.SeededFile;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar collects garbage: a file cached through a generic remote over {@code python3 -m http.server} and
 * not read for the remote's {@code maxUnusedAge} is evicted by {@code POST /api/v1/gc}, its blob file removed, while
 * a file of a local repository stays; {@code wharf gc --dry-run} prints the report and removes nothing, and the
 * evicted file is fetched again on the next request.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class GarbageCollectionTest {
    private static final Duration MAX_UNUSED_AGE = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

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
                .generic(GenericRepository.remote("files", upstream.url() + "/dist"))
                .generic(GenericRepository.local("uploads"))
                // No grace period, so that the evicted file's blob goes in the same collection.
                .env("WHARF_GC_GRACE", "0s")
                .env("WHARF_REPOSITORIES_FILES_MAXUNUSEDAGE", MAX_UNUSED_AGE.toMillis() + "ms"));
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop();
    }

    @Test
    void anUnusedRemoteFileIsEvictedAndItsBlobRemovedWhileALocalFileStays() throws Exception {
        SeededFile cached = SeededFile.write(upstream.root().resolve("dist/tool/1.0/tool.tar.gz"), 2201, 256 * 1024);
        SeededFile pushed = SeededFile.write(tmp.resolve("release.tar.gz"), 2202, 128 * 1024);
        assertThat(curl.get(wharf.url() + "/repository/files/tool/1.0/tool.tar.gz").status()).isEqualTo(200);
        assertThat(curl.upload(wharf.url() + "/repository/uploads/release.tar.gz", pushed.path()).status()).isEqualTo(201);
        assertThat(Files.exists(wharf.committedBlob(cached.digest()))).isTrue();
        Waits.sleep(MAX_UNUSED_AGE.plusMillis(500));

        Processes.Outcome dryRun = Processes.run(new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        WharfProcess.jarFromEnvironment().toString(), "gc", "--dry-run", "--url", wharf.url(), "--token", WharfProcess.ADMIN_TOKEN)),
                tmp.resolve("gc-dry-run.out"), Duration.ofSeconds(30)).requireSuccess();

        assertThat(dryRun.output()).contains("dry run").containsPattern("entriesEvicted\\s+1")
                .containsPattern("blobsRemoved\\s+1").containsPattern("bytesFreed\\s+" + cached.size());
        assertThat(Files.exists(wharf.committedBlob(cached.digest()))).as("the blob after a dry run").isTrue();

        HttpResponse<String> collected = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(wharf.url() + "/api/v1/gc")).POST(HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + WharfProcess.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(collected.statusCode()).as(collected.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(collected.body());
        assertThat(report.get("dryRun").asBoolean()).isFalse();
        assertThat(report.get("entriesEvicted").asInt()).isEqualTo(1);
        assertThat(report.get("blobsRemoved").asLong()).isEqualTo(1);
        assertThat(report.get("bytesFreed").asLong()).isEqualTo(cached.size());
        assertThat(Files.exists(wharf.committedBlob(cached.digest()))).as("the evicted file's blob").isFalse();
        assertThat(Files.exists(wharf.committedBlob(pushed.digest()))).as("the local file's blob").isTrue();
        // The log is written asynchronously: the line may land a moment after the answer.
        Waits.until(Duration.ofSeconds(10), "the collection's log line", () -> wharf.logLinesContaining(
                "garbage collection: evicted 1 cached entries, removed 1 blobs (" + cached.size() + " bytes)").size() == 1,
                () -> wharf.logTail(20));

        Curl.Response local = curl.get(wharf.url() + "/repository/uploads/release.tar.gz");
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.digest()).isEqualTo(pushed.digest());
        Curl.Response again = curl.get(wharf.url() + "/repository/files/tool/1.0/tool.tar.gz");
        assertThat(again.status()).as("the evicted file, fetched again").isEqualTo(200);
        assertThat(again.digest()).isEqualTo(cached.digest());
    }
}
