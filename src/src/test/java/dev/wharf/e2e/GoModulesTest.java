package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.GoModules;
import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The go command against Go module repositories: {@code go build} of an application whose dependency comes from a
 * static GOPROXY tree through a remote (then again with the upstream stopped, from the cache, with a fresh module
 * cache), from a local after a version was published with a {@code PUT} of its zip, and from a virtual of both;
 * {@code go list -m -versions} sees the merged list.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@RequiredProgram(value = GoModules.PROGRAM, debianPackage = GoModules.DEBIAN_PACKAGE)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
class GoModulesTest {
    private static final String GREET = "example.com/greet";
    private static final String PRIVATE = "example.com/Private/tools";

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void goBuildsThroughRemoteLocalAndVirtual() throws Exception {
        Path tree = tmp.resolve("proxy");
        GoModules.publish(tree, GREET, "v1.0.0", GoModules.library(GREET, "greet v1.0.0"));
        GoModules.publish(tree, GREET, "v1.1.0", GoModules.library(GREET, "greet v1.1.0"));
        HttpFileServer upstream = HttpFileServer.start(tree, tmp.resolve("upstream.log"));
        WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .repository("{ key: go-remote, format: go, type: remote, url: \"" + upstream.url() + "\" }")
                .repository("{ key: go-local, format: go, type: local }")
                .repository("{ key: go, format: go, type: virtual, members: [go-local, go-remote], deployTo: go-local }"));
        String repository = wharf.url() + "/repository/";

        Path app = GoModules.application(tmp.resolve("app"), Map.of(GREET, "v1.1.0"));
        GoModules.go(tmp.resolve("home1"), app, repository + "go-remote", "build", "-o", "app", ".").requireSuccess();
        assertThat(run(app)).isEqualTo("greet v1.1.0\n");
        assertThat(upstream.requestsFor("/" + GREET + "/@v/v1.1.0.zip")).hasSize(1);

        upstream.stop();
        Path fresh = GoModules.application(tmp.resolve("app2"), Map.of(GREET, "v1.1.0"));
        GoModules.go(tmp.resolve("home2"), fresh, repository + "go-remote", "build", "-o", "app", ".").requireSuccess();
        assertThat(run(fresh)).as("served from the cache with the upstream stopped").isEqualTo("greet v1.1.0\n");

        // A module path with upper case travels case-encoded; the local derives .mod and .info from the zip.
        byte[] zip = GoModules.zip(PRIVATE, "v0.3.0", GoModules.library(PRIVATE, "private v0.3.0"));
        String zipUrl = repository + "go/example.com/!private/tools/@v/v0.3.0.zip";
        assertThat(put(zipUrl, zip).statusCode()).isEqualTo(201);
        HttpResponse<String> again = put(zipUrl, zip);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        HttpResponse<String> wrong = put(repository + "go-local/example.com/other/@v/v1.0.0.zip", zip);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);

        upstream.start();
        Map<String, String> both = new LinkedHashMap<>();
        both.put(GREET, "v1.0.0");
        both.put(PRIVATE, "v0.3.0");
        Path merged = GoModules.application(tmp.resolve("app3"), both);
        GoModules.go(tmp.resolve("home3"), merged, repository + "go", "build", "-o", "app", ".").requireSuccess();
        assertThat(run(merged)).isEqualTo("greet v1.0.0\nprivate v0.3.0\n");

        Path local = GoModules.application(tmp.resolve("app4"), Map.of(PRIVATE, "v0.3.0"));
        GoModules.go(tmp.resolve("home4"), local, repository + "go-local", "build", "-o", "app", ".").requireSuccess();
        assertThat(run(local)).isEqualTo("private v0.3.0\n");
        assertThat(GoModules.go(tmp.resolve("home5"), merged, repository + "go", "list", "-m", "-versions", GREET)
                .requireSuccess().output().strip()).isEqualTo(GREET + " v1.0.0 v1.1.0");
        assertThat(GoModules.go(tmp.resolve("home6"), merged, repository + "go", "list", "-m", PRIVATE + "@latest")
                .requireSuccess().output().strip()).isEqualTo(PRIVATE + " v0.3.0");
    }

    private static HttpResponse<String> put(String url, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + WharfProcess.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String run(Path project) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(project.resolve("app").toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
