package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.HttpFileServer;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.PythonTools;
import dev.wharf.e2e.support.PythonWheel;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyPI remote over a static PEP 503 tree served by {@code python3 -m http.server} (a project page linking
 * one wheel relatively and one on a second file host by absolute URL, with {@code #sha256=},
 * {@code data-requires-python} and {@code data-dist-info-metadata}), driven by the real pip: {@code pip install}
 * and {@code pip download} through Wharf, then again with both upstreams stopped; a wheel whose bytes do not
 * match the index's sha256 is never delivered whole nor cached.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = PythonTools.PIP, debianPackage = PythonTools.PIP_PACKAGE)
class PypiRemoteTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    private HttpFileServer index;
    private HttpFileServer files;
    private WharfProcess wharf;
    private PythonTools python;
    private final PythonWheel relative = PythonWheel.of("demo-pkg", "1.0");
    private final PythonWheel absolute = PythonWheel.of("demo-pkg", "2.0");

    @BeforeEach
    void startUpstreamsAndWharf() throws IOException {
        files = HttpFileServer.start(tmp.resolve("files"), tmp.resolve("files.log"));
        index = HttpFileServer.start(tmp.resolve("index"), tmp.resolve("index.log"));
        Path dist = index.root().resolve("dist");
        relative.writeTo(dist);
        Files.write(dist.resolve(relative.filename() + ".metadata"), relative.metadata());
        absolute.writeTo(files.root().resolve("pkgs"));
        Files.write(files.root().resolve("pkgs").resolve(absolute.filename() + ".metadata"), absolute.metadata());
        page("demo-pkg", "<a href=\"../../dist/" + relative.filename() + "#sha256=" + relative.sha256()
                + "\" data-requires-python=\"&gt;=3\" data-dist-info-metadata=\"sha256=" + relative.metadataSha256() + "\">"
                + relative.filename() + "</a>\n"
                + "<a href=\"" + files.url() + "/pkgs/" + absolute.filename() + "#sha256=" + absolute.sha256()
                + "\" data-requires-python=\"&gt;=3\" data-dist-info-metadata=\"sha256=" + absolute.metadataSha256() + "\">"
                + absolute.filename() + "</a>\n");
        Files.writeString(index.root().resolve("simple/index.html"), "<html><body><a href=\"demo-pkg/\">demo-pkg</a>\n"
                + "<a href=\"bad-pkg/\">bad-pkg</a></body></html>\n");
        wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .repository("{ key: pypi, format: pypi, type: remote, url: \"" + index.url() + "\" }"));
        python = PythonTools.in(tmp.resolve("python"), Duration.ofSeconds(90));
    }

    @AfterEach
    void stopUpstreams() {
        index.stop();
        files.stop();
    }

    @Test
    void pipInstallsAndDownloadsThroughTheRemoteThenFromTheCacheWithTheUpstreamsStopped() throws Exception {
        String simple = wharf.url() + "/repository/pypi/simple/";

        Path target = tmp.resolve("site-1");
        python.pipInstall(simple, target, "demo-pkg==1.0").requireSuccess();
        assertThat(Files.readString(target.resolve("demo_pkg.py"))).isEqualTo(relative.moduleText());
        Path downloads = tmp.resolve("downloads-1");
        python.pipDownload(simple, downloads, "demo-pkg==2.0").requireSuccess();
        assertThat(Files.readAllBytes(downloads.resolve(absolute.filename()))).isEqualTo(absolute.bytes());
        assertThat(files.requestsFor("/pkgs/" + absolute.filename())).as("the absolute file host was asked for the wheel")
                .filteredOn(r -> r.method().equals("GET")).hasSize(1);

        HttpResponse<String> json = get(simple + "demo-pkg/", "application/vnd.pypi.simple.v1+json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        assertThat(json.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(json.body()).contains("\"url\":\"../../packages/demo-pkg/" + relative.filename() + "\"")
                .contains("\"sha256\":\"" + relative.sha256() + "\"").contains("\"requires-python\":\">=3\"")
                .contains("\"versions\":[\"1.0\",\"2.0\"]").doesNotContain("127.0.0.1");
        HttpResponse<String> html = get(simple + "Demo_Pkg/", "text/html");
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body()).contains("href=\"../../packages/demo-pkg/" + absolute.filename() + "#sha256=" + absolute.sha256() + "\"")
                .contains("data-requires-python=\"&gt;=3\"").contains("data-dist-info-metadata=\"sha256=" + absolute.metadataSha256() + "\"");
        HttpResponse<String> metadata = get(wharf.url() + "/repository/pypi/packages/demo-pkg/" + relative.filename() + ".metadata", "*/*");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).isEqualTo(new String(relative.metadata(), StandardCharsets.UTF_8));
        assertThat(get(simple, "application/vnd.pypi.simple.v1+json").body()).contains("{\"name\":\"demo-pkg\"}");

        index.stop();
        files.stop();
        Path cachedTarget = tmp.resolve("site-2");
        python.pipInstall(simple, cachedTarget, "demo-pkg==1.0").requireSuccess();
        assertThat(Files.readString(cachedTarget.resolve("demo_pkg.py"))).isEqualTo(relative.moduleText());
        Path cachedDownloads = tmp.resolve("downloads-2");
        python.pipDownload(simple, cachedDownloads, "demo-pkg==2.0").requireSuccess();
        assertThat(Files.readAllBytes(cachedDownloads.resolve(absolute.filename()))).isEqualTo(absolute.bytes());
    }

    @Test
    void aWheelThatDoesNotMatchTheIndexSha256IsNeverServedWholeNorCached() throws Exception {
        PythonWheel claimed = PythonWheel.of("bad-pkg", "1.0");
        byte[] tampered = claimed.bytes().clone();
        tampered[tampered.length / 2] ^= 0x01;
        Files.createDirectories(index.root().resolve("dist"));
        Files.write(index.root().resolve("dist").resolve(claimed.filename()), tampered);
        page("bad-pkg", "<a href=\"../../dist/" + claimed.filename() + "#sha256=" + claimed.sha256() + "\">"
                + claimed.filename() + "</a>\n");
        String simple = wharf.url() + "/repository/pypi/simple/";

        Path downloads = tmp.resolve("bad-downloads");
        Processes.Outcome pip = python.pipDownload(simple, downloads, "bad-pkg==1.0");
        assertThat(pip.exitCode()).as(pip.output()).isNotZero();
        assertThat(downloads.resolve(claimed.filename())).doesNotExist();

        assertThat(completedDownload(wharf.url() + "/repository/pypi/packages/bad-pkg/" + claimed.filename()))
                .as("a second download is not completed either").isFalse();
        assertThat(index.requestsFor("/dist/" + claimed.filename())).as("not cached: every request goes upstream again")
                .filteredOn(r -> r.method().equals("GET")).hasSizeGreaterThanOrEqualTo(2);
    }

    private void page(String project, String anchors) throws IOException {
        Path page = index.root().resolve("simple").resolve(project).resolve("index.html");
        Files.createDirectories(page.getParent());
        Files.writeString(page, "<!DOCTYPE html>\n<html><body>\n" + anchors + "</body></html>\n");
    }

    /** True when a GET of {@code url} completes with a 200 and its whole body; false for another status or an aborted transfer. */
    private static boolean completedDownload(String url) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200;
        } catch (IOException aborted) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
