package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.Helm;
import dev.wharf.e2e.support.RegistryTarget;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.RegistryTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm push chart.tgz oci://127.0.0.1:PORT/hub-local/charts --plain-http} of a chart made with
 * {@code helm create} and {@code helm package}, then {@code helm pull} of it: the pulled archive is the
 * packaged one, byte for byte.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HelmPushTest {
    @RegisterExtension
    static final RegistryTargets TARGETS = new RegistryTargets();

    @TempDir
    Path tmp;

    @Test
    void pushesAPackagedChartAndPullsItBackByteExact() throws IOException {
        RegistryTarget target = TARGETS.target();
        Helm helm = Helm.require(tmp.resolve("helm"));
        helm.run("create", "wharf-chart").requireSuccess();
        Path packaged = Files.createDirectories(helm.workDir().resolve("packaged"));
        helm.run("package", "wharf-chart", "--destination", packaged.toString()).requireSuccess();
        Path chart = packaged.resolve("wharf-chart-0.1.0.tgz");
        assertThat(chart).isRegularFile();

        String registry = "oci://" + target.reference("charts");
        helm.run("registry", "login", target.hostPort(), "--username", "token", "--password", WharfProcess.ADMIN_TOKEN,
                "--plain-http").requireSuccess();
        String pushed = helm.run("push", chart.toString(), registry, "--plain-http").requireSuccess().output();
        assertThat(pushed).contains("Digest: sha256:");
        Path pulled = Files.createDirectories(helm.workDir().resolve("pulled"));
        helm.run("pull", registry + "/wharf-chart", "--version", "0.1.0", "--plain-http", "--destination", pulled.toString())
                .requireSuccess();

        assertThat(Files.readAllBytes(pulled.resolve("wharf-chart-0.1.0.tgz"))).isEqualTo(Files.readAllBytes(chart));
    }
}
