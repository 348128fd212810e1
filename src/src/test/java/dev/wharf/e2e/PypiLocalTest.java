package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyPI local repository driven by the real publishers: {@code twine upload} to the repository root (a second
 * upload of the file is a 409), then {@code pip install} from its simple index, the wheel's {@code .metadata}
 * extracted at upload and served, a yank by {@code DELETE}; {@code poetry publish} and {@code pdm publish} to it;
 * {@code poetry install} and {@code pdm install} of an uploaded package with Wharf as the project's source.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@RequiredProgram(value = PythonTools.PIP, debianPackage = PythonTools.PIP_PACKAGE)
@RequiredProgram(value = PythonTools.TWINE, debianPackage = PythonTools.TWINE_PACKAGE)
class PypiLocalTest {
    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    private WharfProcess wharf;
    private PythonTools python;
    private String root;

    @BeforeEach
    void startWharf() {
        wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .repository("{ key: wheels, format: pypi, type: local }"));
        python = PythonTools.in(tmp.resolve("python"), Duration.ofSeconds(120));
        root = wharf.url() + "/repository/wheels/";
    }

    @Test
    void twineUploadsThenPipInstallsAndTheIndexCarriesTheMetadataAndTheYank() throws Exception {
        PythonWheel wheel = PythonWheel.of("Twine.Demo", "1.0");
        Path file = wheel.writeTo(tmp.resolve("dist"));

        twine(file).requireSuccess();
        Processes.Outcome again = twine(file);
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("409");

        Path target = tmp.resolve("site");
        python.pipInstall(root + "simple/", target, "twine-demo==1.0").requireSuccess();
        assertThat(Files.readString(target.resolve(wheel.module() + ".py"))).isEqualTo(wheel.moduleText());

        String page = get(root + "simple/twine-demo/", "application/vnd.pypi.simple.v1+json").body();
        assertThat(page).contains("\"filename\":\"" + wheel.filename() + "\"").contains("\"sha256\":\"" + wheel.sha256() + "\"")
                .contains("\"core-metadata\":{\"sha256\":\"" + wheel.metadataSha256() + "\"}")
                .contains("\"size\":" + wheel.bytes().length).contains("\"requires-python\":\">=3\"").contains("\"yanked\":false");
        HttpResponse<String> metadata = get(root + "packages/twine-demo/" + wheel.filename() + ".metadata", "*/*");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).isEqualTo(new String(wheel.metadata(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> bytes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "packages/twine-demo/"
                + wheel.filename())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.body()).isEqualTo(wheel.bytes());
        assertThat(get(root + "simple/", "text/html").body()).contains("<a href=\"twine-demo/\">twine-demo</a>");

        HttpResponse<String> yank = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "packages/twine-demo/"
                        + wheel.filename() + "?reason=broken")).DELETE().header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(yank.statusCode()).as(yank.body()).isEqualTo(200);
        assertThat(get(root + "simple/twine-demo/", "text/html").body()).contains("data-yanked=\"broken\"");
        assertThat(get(root + "simple/twine-demo/", "application/vnd.pypi.simple.v1+json").body()).contains("\"yanked\":\"broken\"");
    }

    @Test
    @RequiredProgram(value = PythonTools.POETRY, debianPackage = PythonTools.POETRY_PACKAGE)
    void poetryPublishes() throws Exception {
        PythonWheel wheel = PythonWheel.of("poetry-demo", "0.2.0");
        Path project = project("poetry-demo", "0.2.0");
        wheel.writeTo(project.resolve("dist"));

        python.run(List.of("env", "POETRY_REPOSITORIES_WHARF_URL=" + root, PythonTools.POETRY, "publish", "-n", "-r", "wharf",
                "-u", "token", "-p", WharfProcess.ADMIN_TOKEN), project).requireSuccess();

        assertThat(get(root + "simple/poetry-demo/", "text/html").body())
                .contains("href=\"../../packages/poetry-demo/" + wheel.filename() + "#sha256=" + wheel.sha256() + "\"");
    }

    @Test
    @RequiredProgram(value = PythonTools.PDM, debianPackage = PythonTools.PDM_PACKAGE)
    void pdmPublishes() throws Exception {
        PythonWheel wheel = PythonWheel.of("pdm-demo", "0.3.0");
        Path project = project("pdm-demo", "0.3.0");
        wheel.writeTo(project.resolve("dist"));

        python.run(List.of("env", "PDM_CHECK_UPDATE=false", PythonTools.PDM, "publish", "--no-build", "-r", root,
                "-u", "token", "-P", WharfProcess.ADMIN_TOKEN), project).requireSuccess();

        assertThat(get(root + "simple/pdm-demo/", "application/vnd.pypi.simple.v1+json").body())
                .contains("\"sha256\":\"" + wheel.sha256() + "\"");
    }

    @Test
    @RequiredProgram(value = PythonTools.POETRY, debianPackage = PythonTools.POETRY_PACKAGE)
    @RequiredProgram(value = PythonTools.PDM, debianPackage = PythonTools.PDM_PACKAGE)
    void poetryAndPdmInstallFromWharf() throws Exception {
        PythonWheel wheel = PythonWheel.of("shared-lib", "1.5");
        twine(wheel.writeTo(tmp.resolve("dist"))).requireSuccess();
        String simple = root + "simple/";

        Path poetry = consumer("poetry-consumer", """
                [tool.poetry]
                name = "poetry-consumer"
                version = "0.1.0"
                description = "x"
                authors = ["Test <test@example.com>"]

                [tool.poetry.dependencies]
                python = ">=3"
                shared-lib = "1.5"

                [[tool.poetry.source]]
                name = "wharf"
                url = "%s"
                default = true
                """.formatted(simple));
        python.run(List.of("env", "POETRY_VIRTUALENVS_IN_PROJECT=true", PythonTools.POETRY, "install", "--no-root", "-n"), poetry)
                .requireSuccess();
        assertThat(installed(poetry, wheel)).isEqualTo(wheel.moduleText());

        Path pdm = consumer("pdm-consumer", """
                [project]
                name = "pdm-consumer"
                version = "0.1.0"
                requires-python = ">=3"
                dependencies = ["shared-lib==1.5"]

                [[tool.pdm.source]]
                name = "pypi"
                url = "%s"
                verify_ssl = false
                """.formatted(simple));
        python.run(List.of("env", "PDM_CHECK_UPDATE=false", PythonTools.PDM, "install", "--no-self"), pdm).requireSuccess();
        assertThat(installed(pdm, wheel)).isEqualTo(wheel.moduleText());
    }

    private Path consumer(String name, String pyproject) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pyproject.toml"), pyproject);
        return dir;
    }

    /** The text of the wheel's module as installed in the project's {@code .venv}. */
    private static String installed(Path project, PythonWheel wheel) throws IOException {
        try (var files = Files.walk(project.resolve(".venv"))) {
            Path module = files.filter(f -> f.getFileName().toString().equals(wheel.module() + ".py")
                    && f.getParent().getFileName().toString().equals("site-packages")).findFirst().orElseThrow(
                            () -> new AssertionError(wheel.module() + ".py is not in " + project.resolve(".venv")));
            return Files.readString(module);
        }
    }

    private Processes.Outcome twine(Path file) {
        return python.run(List.of(PythonTools.TWINE, "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", root,
                "-u", "token", "-p", WharfProcess.ADMIN_TOKEN, file.toString()));
    }

    private Path project(String name, String version) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve(name.replace('-', '_')));
        Files.writeString(dir.resolve(name.replace('-', '_')).resolve("__init__.py"), "");
        Files.writeString(dir.resolve("pyproject.toml"), """
                [project]
                name = "%1$s"
                version = "%2$s"
                requires-python = ">=3"

                [tool.poetry]
                name = "%1$s"
                version = "%2$s"
                description = "a test package"
                authors = ["Test <test@example.com>"]

                [tool.poetry.dependencies]
                python = ">=3"
                """.formatted(name, version));
        return dir;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("token:" + WharfProcess.ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
