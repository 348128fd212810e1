package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.Curl;
import dev.wharf.e2e.support.GenericRepository;
import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generic virtual over a local and a remote (in that order, deploying to the local): the local's file
 * wins over the remote's of the same path, which is then never asked for; the remote serves what the local
 * lacks; a {@code PUT} through the virtual lands in the local, readable through the local's own URL.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = Curl.PROGRAM, debianPackage = Curl.DEBIAN_PACKAGE)
class GenericVirtualTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void membersAnswerInOrderAndPutsLandInTheDeployTarget() throws IOException {
        try (HttpFileServer upstream = HttpFileServer.start(tmp.resolve("upstream"), tmp.resolve("upstream.log"))) {
            write(upstream.root().resolve("shared/app.txt"), "from the remote\n");
            write(upstream.root().resolve("remote-only/tool.txt"), "only upstream\n");
            Path local = write(tmp.resolve("app.txt"), "from the local\n");
            Path pushed = write(tmp.resolve("pushed.txt"), "pushed through the virtual\n");
            Curl curl = Curl.in(tmp.resolve("curl"), Duration.ofSeconds(30));
            WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                    .generic(GenericRepository.local("mine"))
                    .generic(GenericRepository.remote("upstream", upstream.url()))
                    .generic(GenericRepository.virtual("all", "mine", "upstream").deployTo("mine")));
            String repositories = wharf.url() + "/repository/";

            Curl.Response put = curl.upload(repositories + "mine/shared/app.txt", local);
            assertThat(put.status()).as(put.toString()).isEqualTo(201);

            assertThat(text(curl.get(repositories + "all/shared/app.txt"))).isEqualTo("from the local\n");
            assertThat(upstream.requestsFor("/shared/app.txt")).as("the remote is not asked when the local has it").isEmpty();
            assertThat(text(curl.get(repositories + "all/remote-only/tool.txt"))).isEqualTo("only upstream\n");

            Curl.Response deployed = curl.upload(repositories + "all/pushed/pushed.txt", pushed);
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
            assertThat(text(curl.get(repositories + "mine/pushed/pushed.txt"))).isEqualTo("pushed through the virtual\n");
            assertThat(text(curl.get(repositories + "all/pushed/pushed.txt"))).isEqualTo("pushed through the virtual\n");
            Curl.Response notRemote = curl.get(repositories + "upstream/pushed/pushed.txt");
            assertThat(notRemote.status()).as("the PUT did not reach the remote: " + notRemote).isEqualTo(404);
        }
    }

    private static String text(Curl.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text();
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
