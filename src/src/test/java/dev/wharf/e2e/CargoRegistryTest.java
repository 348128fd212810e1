package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.e2e.support.Cargo;
import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Sha256;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
 * cargo against Cargo repositories on the sparse protocol: {@code cargo build} of an application whose dependency
 * comes from a static sparse index through a remote (then again with the upstream stopped, with a fresh CARGO_HOME),
 * {@code cargo publish} and {@code cargo yank} on a local, and a build through a virtual of both.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Cargo.PROGRAM, debianPackage = Cargo.DEBIAN_PACKAGE)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
class CargoRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @Test
    void cargoBuildsThroughRemoteLocalAndVirtual() throws Exception {
        Path index = Files.createDirectories(tmp.resolve("index"));
        HttpFileServer upstream = HttpFileServer.start(index, tmp.resolve("upstream.log"));
        Files.writeString(index.resolve("config.json"), "{\"dl\":\"" + upstream.url() + "/crates/{crate}/{crate}-{version}.crate\"}");
        Path packaging = Cargo.home(tmp.resolve("packaging-home"), "http://127.0.0.1:1/unused/", Map.of());
        Path greet = Cargo.library(tmp.resolve("greet"), "greet", "0.1.0", "greet 0.1.0", Map.of());
        Cargo.run(packaging, greet, "package", "--no-verify", "--allow-dirty", "--offline").requireSuccess();
        byte[] crate = Files.readAllBytes(greet.resolve("target/package/greet-0.1.0.crate"));
        Files.createDirectories(index.resolve("crates/greet"));
        Files.write(index.resolve("crates/greet/greet-0.1.0.crate"), crate);
        Files.createDirectories(index.resolve("gr/ee"));
        Files.writeString(index.resolve("gr/ee/greet"), "{\"name\":\"greet\",\"vers\":\"0.1.0\",\"deps\":[],\"cksum\":\""
                + Sha256.hex(Sha256.of(crate)) + "\",\"features\":{},\"yanked\":false}\n");

        WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .repository("{ key: cargo-remote, format: cargo, type: remote, url: \"" + upstream.url() + "\" }")
                .repository("{ key: cargo-local, format: cargo, type: local }")
                .repository("{ key: cargo, format: cargo, type: virtual, members: [cargo-local, cargo-remote], deployTo: cargo-local }"));
        String repository = wharf.url() + "/repository/";

        Path app = Cargo.application(tmp.resolve("app1"), Map.of("greet", "0.1"));
        Cargo.run(Cargo.home(tmp.resolve("home1"), repository + "cargo-remote/", Map.of()), app, "build").requireSuccess();
        assertThat(run(app)).isEqualTo("greet 0.1.0\n");
        assertThat(upstream.requestsFor("/crates/greet/greet-0.1.0.crate")).hasSize(1);

        upstream.stop();
        Path again = Cargo.application(tmp.resolve("app2"), Map.of("greet", "0.1"));
        Cargo.run(Cargo.home(tmp.resolve("home2"), repository + "cargo-remote/", Map.of()), again, "build").requireSuccess();
        assertThat(run(again)).as("built from the cache with the upstream stopped").isEqualTo("greet 0.1.0\n");
        upstream.start();

        Path publisher = Cargo.home(tmp.resolve("home3"), repository + "cargo/", Map.of("wharf-local", repository + "cargo-local/"));
        for (String version : new String[] {"0.2.0", "0.3.0"}) {
            Path shout = Cargo.library(tmp.resolve("shout-" + version), "shout", version, "shout " + version, Map.of());
            Cargo.run(publisher, shout, "publish", "--registry", "wharf-local", "--token", WharfProcess.ADMIN_TOKEN,
                    "--allow-dirty", "--no-verify").requireSuccess();
        }
        Path dup = Cargo.library(tmp.resolve("shout-dup"), "shout", "0.3.0", "again", Map.of());
        assertThat(Cargo.run(publisher, dup, "publish", "--registry", "wharf-local", "--token", WharfProcess.ADMIN_TOKEN,
                "--allow-dirty", "--no-verify").exitCode()).as("a version is published once").isNotZero();
        Cargo.run(publisher, dup, "yank", "--vers", "0.3.0", "--registry", "wharf-local", "--token", WharfProcess.ADMIN_TOKEN,
                "shout").requireSuccess();
        String lines = get(repository + "cargo-local/sh/ou/shout");
        assertThat(lines.lines().map(this::yanked)).containsExactly("0.2.0=false", "0.3.0=true");

        Map<String, String> both = new LinkedHashMap<>();
        both.put("greet", "0.1");
        both.put("shout", "0.2");
        Path merged = Cargo.application(tmp.resolve("app3"), both);
        Cargo.run(Cargo.home(tmp.resolve("home4"), repository + "cargo/", Map.of()), merged, "build").requireSuccess();
        assertThat(run(merged)).as("0.3.0 is yanked, so 0.2.0 resolves").isEqualTo("greet 0.1.0\nshout 0.2.0\n");
    }

    private String yanked(String line) {
        try {
            var node = JSON.readTree(line);
            return node.get("vers").asText() + "=" + node.get("yanked").asBoolean();
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String run(Path project) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(project.resolve("target/debug/app").toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
