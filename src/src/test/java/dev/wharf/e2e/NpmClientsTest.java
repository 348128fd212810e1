package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.e2e.support.NpmTools;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.Programs;
import dev.wharf.e2e.support.Verdaccio;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm, pnpm and yarn through Wharf's npm repositories, over a verdaccio the test starts (no uplinks: it serves only
 * what the test publishes to it): installs through a remote (scoped and unscoped packages, tarballs verified
 * against the packument's integrity), again from the cache with verdaccio stopped; {@code npm publish},
 * {@code dist-tag}, {@code deprecate} and {@code unpublish} against a local, and installs through the local and
 * through a virtual merging local and remote.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class NpmClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TTL = Duration.ofSeconds(1);

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    private NpmTools tools;
    private Verdaccio verdaccio;
    private WharfProcess wharf;

    @BeforeEach
    void startVerdaccioAndWharf() throws IOException {
        tools = NpmTools.require(tmp.resolve("tools"));
        verdaccio = Verdaccio.start(tools.program("verdaccio"), tmp.resolve("verdaccio"));
        Path dep = pkg("dep", "{\"name\":\"wharf-dep\",\"version\":\"1.0.0\",\"main\":\"index.js\"}",
                "module.exports = () => 'dep';");
        Path greet = pkg("greet", "{\"name\":\"@acme/greet\",\"version\":\"2.1.0\",\"main\":\"index.js\","
                + "\"dependencies\":{\"wharf-dep\":\"^1.0.0\"}}", "module.exports = () => 'hi ' + require('wharf-dep')();");
        Path npmrc = write(tmp.resolve("verdaccio.npmrc"), "//127.0.0.1:" + URI.create(verdaccio.url()).getPort()
                + "/:_authToken=test\n");
        for (Path p : List.of(dep, greet)) {
            tools.run(p, "npm", "publish", "--registry", verdaccio.url() + "/", "--userconfig", npmrc.toString(),
                    "--cache", tmp.resolve("publish-cache").toString()).requireSuccess();
        }
        wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .repository("{ key: npm-remote, format: npm, type: remote, url: \"" + verdaccio.url() + "\", metadataTtl: "
                        + TTL.toSeconds() + "s }")
                .repository("{ key: npm-local, format: npm, type: local }")
                .repository("{ key: npm, format: npm, type: virtual, members: [npm-local, npm-remote], deployTo: npm-local }"));
    }

    @AfterEach
    void stopVerdaccio() {
        verdaccio.stop();
    }

    @Test
    void npmPnpmAndYarnInstallThroughTheRemoteThenFromTheCacheWithTheUpstreamStopped() throws Exception {
        String registry = wharf.url() + "/repository/npm-remote/";
        for (String name : List.of("@acme%2fgreet", "@acme/greet")) {
            HttpResponse<byte[]> full = get(registry + name, "application/json");
            assertThat(full.statusCode()).isEqualTo(200);
            JsonNode doc = JSON.readTree(full.body());
            assertThat(doc.path("versions").path("2.1.0").path("dist").path("tarball").asText())
                    .isEqualTo(registry + "@acme/greet/-/greet-2.1.0.tgz");
            assertThat(doc.has("readme")).isTrue();
        }
        HttpResponse<byte[]> abbreviated = get(registry + "@acme%2fgreet", "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*");
        assertThat(abbreviated.headers().firstValue("content-type")).hasValue("application/vnd.npm.install-v1+json");
        JsonNode abbreviatedDoc = JSON.readTree(abbreviated.body());
        assertThat(abbreviatedDoc.has("readme")).isFalse();
        assertThat(abbreviatedDoc.path("dist-tags").path("latest").asText()).isEqualTo("2.1.0");
        String integrity = abbreviatedDoc.path("versions").path("2.1.0").path("dist").path("integrity").asText();
        HttpResponse<byte[]> tarball = get(registry + "@acme/greet/-/greet-2.1.0.tgz", "*/*");
        assertThat(tarball.statusCode()).isEqualTo(200);
        assertThat("sha512-" + Base64.getEncoder().encodeToString(sha512(tarball.body()))).isEqualTo(integrity);
        HttpResponse<byte[]> audit = HTTP.send(HttpRequest.newBuilder(URI.create(registry + "-/npm/v1/security/advisories/bulk"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(audit.statusCode()).isEqualTo(404);
        assertThat(get(registry + "no-such-package", "application/json").statusCode()).isEqualTo(404);

        installWithEveryClient(registry, "{\"@acme/greet\":\"^2.1.0\"}", "first", "require('@acme/greet')()", "hi dep");

        verdaccio.stop();
        Waits.sleep(TTL.plusMillis(600));
        installWithEveryClient(registry, "{\"@acme/greet\":\"^2.1.0\"}", "cached", "require('@acme/greet')()", "hi dep");
    }

    @Test
    void publishToTheLocalThenInstallThroughTheLocalAndTheVirtual() throws Exception {
        String local = wharf.url() + "/repository/npm-local/";
        Path npmrc = write(tmp.resolve("wharf.npmrc"), "//" + wharf.hostPort() + "/repository/npm-local/:_authToken="
                + WharfProcess.ADMIN_TOKEN + "\n//" + wharf.hostPort() + "/repository/npm/:_authToken=" + WharfProcess.ADMIN_TOKEN + "\n");
        Path priv = pkg("priv", "{\"name\":\"@corp/priv\",\"version\":\"0.1.0\",\"main\":\"index.js\"}",
                "module.exports = () => 'private';");
        String[] asWriter = {"--registry", local, "--userconfig", npmrc.toString(), "--cache", tmp.resolve("writer-cache").toString()};
        npm(priv, asWriter, "publish").requireSuccess();
        Processes.Outcome again = npm(priv, asWriter, "publish");
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("cannot publish over the previously published version");
        String republish = "{\"name\":\"@corp/priv\",\"versions\":{\"0.1.0\":{\"name\":\"@corp/priv\",\"version\":\"0.1.0\","
                + "\"dist\":{\"tarball\":\"priv-0.1.0.tgz\"}}},\"_attachments\":{\"@corp/priv-0.1.0.tgz\":{\"data\":\"AAEC\"}}}";
        HttpResponse<byte[]> conflict = HTTP.send(HttpRequest.newBuilder(URI.create(local + "@corp%2fpriv"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + WharfProcess.ADMIN_TOKEN)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(republish)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(conflict.body()).path("error").asText()).contains("0.1.0");

        Files.writeString(priv.resolve("package.json"), "{\"name\":\"@corp/priv\",\"version\":\"0.2.0\",\"main\":\"index.js\"}");
        npm(priv, asWriter, "publish", "--tag", "beta").requireSuccess();
        npm(priv, asWriter, "dist-tag", "add", "@corp/priv@0.1.0", "stable").requireSuccess();
        assertThat(JSON.readTree(get(local + "-/package/@corp%2fpriv/dist-tags", "application/json").body()).path("stable").asText())
                .isEqualTo("0.1.0");
        npm(priv, asWriter, "dist-tag", "rm", "@corp/priv", "stable").requireSuccess();
        npm(priv, asWriter, "deprecate", "@corp/priv@0.1.0", "use 0.2").requireSuccess();
        JsonNode both = JSON.readTree(get(local + "@corp%2fpriv", "application/json").body());
        assertThat(both.path("dist-tags").path("beta").asText()).isEqualTo("0.2.0");
        assertThat(both.path("dist-tags").has("stable")).isFalse();
        assertThat(both.path("versions").path("0.1.0").path("deprecated").asText()).isEqualTo("use 0.2");
        npm(priv, asWriter, "unpublish", "@corp/priv@0.2.0", "--force").requireSuccess();
        JsonNode after = JSON.readTree(get(local + "@corp%2fpriv", "application/json").body());
        assertThat(after.path("versions").fieldNames()).toIterable().containsExactly("0.1.0");
        assertThat(after.path("dist-tags").path("latest").asText()).isEqualTo("0.1.0");
        assertThat(get(local + "@corp/priv/-/priv-0.2.0.tgz", "*/*").statusCode()).isEqualTo(404);

        installWithEveryClient(local, "{\"@corp/priv\":\"^0.1.0\"}", "local", "require('@corp/priv')()", "private");
        String virtual = wharf.url() + "/repository/npm/";
        String both2 = "{\"@corp/priv\":\"^0.1.0\",\"@acme/greet\":\"^2.1.0\"}";
        String check = "require('@corp/priv')() + ' ' + require('@acme/greet')()";
        installWithEveryClient(virtual, both2, "virtual", check, "private hi dep");

        verdaccio.stop();
        Waits.sleep(TTL.plusMillis(600));
        installWithEveryClient(virtual, both2, "virtual-cached", check, "private hi dep");
    }

    /** npm, pnpm and yarn each install {@code dependencies} into a fresh project with fresh caches; the code prints {@code expected}. */
    private void installWithEveryClient(String registry, String dependencies, String label, String code, String expected)
            throws IOException {
        for (String client : List.of("npm", "pnpm", "yarn")) {
            Path project = Files.createDirectories(tmp.resolve("projects").resolve(label + "-" + client));
            Files.writeString(project.resolve("package.json"), "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true,"
                    + "\"dependencies\":" + dependencies + "}");
            Path cache = tmp.resolve("caches").resolve(label + "-" + client);
            Processes.Outcome outcome = switch (client) {
                case "npm" -> tools.run(project, "npm", "install", "--registry", registry, "--cache", cache.toString(),
                        "--no-fund", "--no-update-notifier");
                case "pnpm" -> tools.run(project, "pnpm", "install", "--registry", registry, "--store-dir", cache.resolve("store").toString(),
                        "--cache-dir", cache.resolve("cache").toString());
                default -> tools.run(project, "yarn", "install", "--registry", registry, "--cache-folder", cache.toString(),
                        "--no-progress", "--non-interactive");
            };
            outcome.requireSuccess();
            Processes.Outcome ran = Processes.run(new ProcessBuilder(Programs.require("node", "nodejs").toString(), "-e",
                    "console.log(" + code + ")").directory(project.toFile()), project.resolve("node.log"), Duration.ofSeconds(30));
            assertThat(ran.requireSuccess().output().strip()).as(client + " through " + registry).isEqualTo(expected);
        }
    }

    private Processes.Outcome npm(Path dir, String[] options, String... args) {
        String[] all = new String[args.length + options.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(options, 0, all, args.length, options.length);
        return tools.run(dir, "npm", all);
    }

    private Path pkg(String dir, String packageJson, String index) {
        Path root = tmp.resolve("packages").resolve(dir);
        write(root.resolve("package.json"), packageJson);
        write(root.resolve("index.js"), index + "\n");
        return root;
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<byte[]> get(String url, String accept) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] sha512(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-512").digest(bytes);
    }
}
