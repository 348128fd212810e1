package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.e2e.support.Curl;
import dev.wharf.e2e.support.GenericRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.SeededFile;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generic local in a Wharf whose heap and direct memory are 128 MiB each, driven with curl: a 1 GiB
 * {@code curl -T} is answered {@code 100 Continue} then {@code 201} and reads back byte-exact (whole and by
 * range), so the body was streamed, never held; a second {@code PUT} of the path is a 409; directories list
 * their files and subdirectories as JSON; {@code DELETE} answers 204 and the path is then a 404.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class GenericLocalTest {
    private static final long GIB = 1L << 30;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void aGibibyteUploadStreamsInAndOutOfASmallHeap() throws IOException {
        SeededFile big = SeededFile.write(tmp.resolve("big.bin"), 1201, GIB);
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "release notes\n");
        Curl curl = Curl.in(tmp.resolve("curl"), Duration.ofSeconds(100));
        WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .maxUploadBytes("2GiB")
                .generic(GenericRepository.local("uploads"))
                .jvmOptions("-Xmx128m", "-XX:MaxDirectMemorySize=128m"));
        String base = wharf.url() + "/repository/uploads/";

        Curl.Response put = curl.upload(base + "releases/1.0/big.bin", big.path());
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        assertThat(put.completed()).as(put.toString()).isTrue();
        assertThat(put.interimStatuses()).as("Expect: 100-continue answered: " + put).containsExactly(100);

        Curl.Response get = curl.get(base + "releases/1.0/big.bin");
        assertThat(get.status()).as(get.toString()).isEqualTo(200);
        assertThat(get.completed()).as(get.toString()).isTrue();
        assertThat(get.size()).isEqualTo(GIB);
        assertThat(get.digest()).isEqualTo(big.digest());
        Curl.Response head = curl.head(base + "releases/1.0/big.bin");
        assertThat(head.status()).as(head.toString()).isEqualTo(200);
        assertThat(head.header("Content-Length")).as(head.toString()).hasValue(Long.toString(GIB));
        Curl.Response range = curl.range(base + "releases/1.0/big.bin", GIB - 1000, GIB - 1);
        assertThat(range.status()).as(range.toString()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(big.range(GIB - 1000, GIB - 1));

        Curl.Response again = curl.upload(base + "releases/1.0/big.bin", big.path());
        assertThat(again.status()).as("a second PUT of the path: " + again).isEqualTo(409);
        assertThat(curl.get(base + "releases/1.0/big.bin").digest()).as("the first upload stays").isEqualTo(big.digest());

        assertThat(curl.upload(base + "releases/1.0/notes.txt", notes).status()).isEqualTo(201);
        assertThat(curl.upload(base + "releases/2.0/notes.txt", notes).status()).isEqualTo(201);
        JsonNode version = listing(curl, base + "releases/1.0/", "uploads", "releases/1.0");
        assertThat(children(version)).containsEntry("big.bin", "file").containsEntry("notes.txt", "file").hasSize(2);
        JsonNode releases = listing(curl, base + "releases/", "uploads", "releases");
        assertThat(children(releases)).containsEntry("1.0", "directory").containsEntry("2.0", "directory").hasSize(2);

        Curl.Response delete = curl.delete(base + "releases/1.0/big.bin");
        assertThat(delete.status()).as(delete.toString()).isEqualTo(204);
        Curl.Response gone = curl.get(base + "releases/1.0/big.bin");
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        assertThat(children(listing(curl, base + "releases/1.0/", "uploads", "releases/1.0")))
                .containsOnlyKeys("notes.txt");
    }

    /** The listing at {@code url}, checked to name its repository and directory. */
    private static JsonNode listing(Curl curl, String url, String repository, String path) {
        Curl.Response response = curl.get(url);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.path("repository").asText()).as(response.toString()).isEqualTo(repository);
        assertThat(trimSlashes(json.path("path").asText())).as(response.toString()).isEqualTo(path);
        assertThat(json.path("children").isArray()).as(response.toString()).isTrue();
        return json;
    }

    /** Child name (without a trailing slash) to type. */
    private static Map<String, String> children(JsonNode listing) {
        Map<String, String> children = new HashMap<>();
        listing.path("children").forEach(child -> children.put(trimSlashes(child.path("name").asText()), child.path("type").asText()));
        return children;
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
