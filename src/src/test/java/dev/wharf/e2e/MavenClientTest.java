package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.MavenTreeServer;
import dev.wharf.e2e.support.Mvn;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mvn} against Wharf, every repository mirrored to it, an empty local repository each run. The
 * upstream is a Maven tree server over the test JVM's own local Maven repository (everything the builds need),
 * with a sha1 beside every file, under a directory of the test's own files. A project builds through a remote, then
 * again with the upstream stopped; {@code mvn deploy} of a release and a snapshot to a local, then a consumer
 * build resolving both through a virtual over the local and the remote, while a redeploy of the release is
 * refused; a file that does not match its upstream sha1 is never served complete nor cached.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Mvn.PROGRAM, debianPackage = Mvn.DEBIAN_PACKAGE)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
class MavenClientTest {
    private static final Duration MVN_LIMIT = Duration.ofMinutes(4);
    private static final String LANG3 = "org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar";

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    private MavenTreeServer upstream;
    private Path overlay;
    private WharfProcess wharf;

    @BeforeEach
    void startUpstreamAndWharf() throws IOException {
        overlay = Files.createDirectories(tmp.resolve("overlay"));
        upstream = MavenTreeServer.start(tmp.resolve("upstream"), List.of(overlay, testJvmLocalRepository()));
        wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .repository("{ key: central, format: maven, type: remote, url: \"" + upstream.url() + "\" }")
                .repository("{ key: releases, format: maven, type: local }")
                .repository("{ key: maven, format: maven, type: virtual, members: [releases, central], deployTo: releases }"));
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop();
    }

    @Test
    void aProjectBuildsThroughARemoteThenFromTheCacheWithTheUpstreamStopped() throws IOException {
        Mvn mvn = Mvn.mirroredTo(wharf.url() + "/repository/central/", tmp.resolve("settings"), MVN_LIMIT);
        Path app = Mvn.project(tmp.resolve("app"), "org.example.e2e:app:1.0", "app.App",
                "org.apache.commons.lang3.StringUtils.capitalize(\"hello\")", wharf.url() + "/repository/releases/",
                "org.apache.commons:commons-lang3:3.12.0");

        mvn.run(app, tmp.resolve("m2-cold"), "package").requireSuccess();
        assertThat(app.resolve("target/app-1.0.jar")).isRegularFile();
        assertThat(upstream.gets("/" + LANG3 + ".sha1")).as("the sha1 fetched to verify the jar").isEqualTo(1);
        assertThat(upstream.gets("/" + LANG3)).isEqualTo(1);
        assertThat(Files.readAllBytes(tmp.resolve("m2-cold").resolve(LANG3)))
                .isEqualTo(Files.readAllBytes(testJvmLocalRepository().resolve(LANG3)));

        upstream.stop();
        Files.delete(app.resolve("target/app-1.0.jar"));
        mvn.run(app, tmp.resolve("m2-cached"), "package").requireSuccess();
        assertThat(app.resolve("target/app-1.0.jar")).isRegularFile();
        assertThat(Files.readAllBytes(tmp.resolve("m2-cached").resolve(LANG3)))
                .isEqualTo(Files.readAllBytes(testJvmLocalRepository().resolve(LANG3)));
    }

    @Test
    void aDeployedReleaseAndSnapshotResolveThroughAVirtualAndARedeployIsRefused() throws Exception {
        Mvn mvn = Mvn.mirroredTo(wharf.url() + "/repository/maven/", tmp.resolve("settings"), MVN_LIMIT);
        Path m2 = tmp.resolve("m2-deploy");
        Path release = Mvn.project(tmp.resolve("greeting"), "org.example.e2e:greeting:1.0", "greeting.Greeting",
                "\"hello from 1.0\"", wharf.url() + "/repository/releases/");
        mvn.run(release, m2, "deploy").requireSuccess();
        Path snapshot = Mvn.project(tmp.resolve("greeting-next"), "org.example.e2e:greeting:1.1-SNAPSHOT", "greeting.Greeting",
                "\"hello from the snapshot\"", wharf.url() + "/repository/maven/");
        mvn.run(snapshot, m2, "deploy").requireSuccess();

        Processes.Outcome redeploy = mvn.run(release, m2, "deploy");
        assertThat(redeploy.exitCode()).as(redeploy.output()).isNotZero();
        assertThat(redeploy.output()).contains("409");

        String metadata = get("/repository/maven/org/example/e2e/greeting/maven-metadata.xml");
        assertThat(metadata).contains("<version>1.0</version>", "<version>1.1-SNAPSHOT</version>", "<release>1.0</release>");
        assertThat(get("/repository/releases/org/example/e2e/greeting/1.1-SNAPSHOT/maven-metadata.xml"))
                .contains("<buildNumber>1</buildNumber>");

        Path consumer = Mvn.project(tmp.resolve("consumer"), "org.example.e2e:consumer:1.0", "consumer.Consumer",
                "greeting.Greeting.hello()", wharf.url() + "/repository/releases/",
                "org.example.e2e:greeting:1.0", "org.apache.commons:commons-lang3:3.12.0");
        mvn.run(consumer, tmp.resolve("m2-consumer"), "package").requireSuccess();
        assertThat(tmp.resolve("m2-consumer/org/example/e2e/greeting/1.0/greeting-1.0.jar")).isRegularFile();

        Path snapshotConsumer = Mvn.project(tmp.resolve("snapshot-consumer"), "org.example.e2e:snapshot-consumer:1.0",
                "consumer.Consumer", "greeting.Greeting.hello()", wharf.url() + "/repository/releases/",
                "org.example.e2e:greeting:1.1-SNAPSHOT");
        mvn.run(snapshotConsumer, tmp.resolve("m2-consumer"), "package").requireSuccess();
        try (var files = Files.list(tmp.resolve("m2-consumer/org/example/e2e/greeting/1.1-SNAPSHOT"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.matches("greeting-1\\.1-\\d{8}\\.\\d{6}-1\\.jar"));
        }
    }

    @Test
    void aFileThatDoesNotMatchItsUpstreamSha1IsNeverServedCompleteNorCached() throws Exception {
        byte[] jar = new byte[300_000];
        new Random(7).nextBytes(jar);
        Path dir = Files.createDirectories(overlay.resolve("org/example/bad/1.0"));
        Files.write(dir.resolve("bad-1.0.jar"), jar);
        Files.writeString(dir.resolve("bad-1.0.jar.sha1"), "0123456789abcdef0123456789abcdef01234567\n");

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 2; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(wharf.url()
                    + "/repository/central/org/example/bad/1.0/bad-1.0.jar")).timeout(Duration.ofSeconds(30)).build();
            boolean complete;
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    byte[] got = body.readAllBytes();
                    complete = response.statusCode() == 200 && got.length == jar.length;
                }
            } catch (IOException e) {
                complete = false;
            }
            assertThat(complete).as("transfer %d of a file that does not match its sha1", i + 1).isFalse();
        }
        assertThat(upstream.gets("/org/example/bad/1.0/bad-1.0.jar")).as("not cached: fetched again").isEqualTo(2);
    }

    private String get(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(wharf.url() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static Path testJvmLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
