package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.HttpFileServer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyPI virtual repository over a local (first) and a remote of a static tree: {@code twine upload} through
 * the virtual lands in its {@code deployTo}; the merged project page lists both members' files, a file name
 * both have resolving to the local's; {@code pip install} through the virtual gets a version only the local has
 * and one only the remote has; the project list is the union.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiredProgram(value = HttpFileServer.PROGRAM, debianPackage = HttpFileServer.DEBIAN_PACKAGE)
@RequiredProgram(value = PythonTools.PIP, debianPackage = PythonTools.PIP_PACKAGE)
@RequiredProgram(value = PythonTools.TWINE, debianPackage = PythonTools.TWINE_PACKAGE)
class PypiVirtualTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    private HttpFileServer index;

    @AfterEach
    void stopUpstream() {
        if (index != null) {
            index.stop();
        }
    }

    @Test
    void pipInstallsThroughAVirtualOfALocalAndARemoteTheFirstMemberWinningAFileName() throws Exception {
        PythonWheel remoteOnly = PythonWheel.of("mixed", "2.0");
        PythonWheel remoteShared = PythonWheel.of("mixed", "1.0", "the remote's copy");
        PythonWheel localShared = PythonWheel.of("mixed", "1.0", "the local's copy");
        PythonWheel localOnly = PythonWheel.of("mixed", "3.0");
        assertThat(localShared.sha256()).isNotEqualTo(remoteShared.sha256());
        index = HttpFileServer.start(tmp.resolve("index"), tmp.resolve("index.log"));
        StringBuilder anchors = new StringBuilder();
        for (PythonWheel wheel : List.of(remoteShared, remoteOnly)) {
            wheel.writeTo(index.root().resolve("dist"));
            anchors.append("<a href=\"../../dist/").append(wheel.filename()).append("#sha256=").append(wheel.sha256())
                    .append("\">").append(wheel.filename()).append("</a>\n");
        }
        Path page = index.root().resolve("simple/mixed/index.html");
        Files.createDirectories(page.getParent());
        Files.writeString(page, "<html><body>\n" + anchors + "</body></html>\n");
        Files.writeString(index.root().resolve("simple/index.html"), "<a href=\"mixed/\">mixed</a><a href=\"other/\">other</a>\n");
        WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .repository("{ key: mine, format: pypi, type: local }")
                .repository("{ key: upstream, format: pypi, type: remote, url: \"" + index.url() + "\" }")
                .repository("{ key: all, format: pypi, type: virtual, members: [mine, upstream], deployTo: mine }"));
        PythonTools python = PythonTools.in(tmp.resolve("python"), Duration.ofSeconds(90));
        String virtual = wharf.url() + "/repository/all/";
        for (PythonWheel wheel : List.of(localShared, localOnly)) {
            python.run(List.of(PythonTools.TWINE, "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", virtual,
                    "-u", "token", "-p", WharfProcess.ADMIN_TOKEN, wheel.writeTo(tmp.resolve("dist-" + wheel.version())).toString()))
                    .requireSuccess();
        }

        String merged = get(virtual + "simple/mixed/", "application/vnd.pypi.simple.v1+json").body();
        assertThat(merged).contains("\"versions\":[\"1.0\",\"2.0\",\"3.0\"]").contains(localShared.sha256())
                .contains(remoteOnly.sha256()).contains(localOnly.sha256()).doesNotContain(remoteShared.sha256());
        HttpResponse<byte[]> shared = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                virtual + "packages/mixed/" + localShared.filename())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(shared.body()).isEqualTo(localShared.bytes());
        assertThat(get(wharf.url() + "/repository/mine/simple/mixed/", "text/html").body()).contains(localOnly.filename())
                .doesNotContain(remoteOnly.filename());

        for (PythonWheel wheel : List.of(localOnly, remoteOnly)) {
            Path target = tmp.resolve("site-" + wheel.version());
            python.pipInstall(virtual + "simple/", target, "mixed==" + wheel.version()).requireSuccess();
            assertThat(Files.readString(target.resolve("mixed.py"))).isEqualTo(wheel.moduleText());
        }
        assertThat(get(virtual + "simple/", "text/html").body()).contains("<a href=\"mixed/\">mixed</a>")
                .contains("<a href=\"other/\">other</a>");
    }

    private static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
