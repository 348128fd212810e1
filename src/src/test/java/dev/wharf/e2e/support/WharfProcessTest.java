package dev.wharf.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves WharfProcess's lifecycle (config, start, readiness, log, SIGTERM stop, leak check) against a stand-in jar. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WharfProcessTest {
    @TempDir
    Path tmp;
    private Path jar;

    @BeforeEach
    void packFakeWharf() throws IOException {
        jar = tmp.resolve("fake-wharf.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeWharfMain.class.getName());
        String entry = FakeWharfMain.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = FakeWharfMain.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }

    private WharfProcess.Builder builder(String mode) {
        return WharfProcess.builder(tmp.resolve("wharf-" + mode))
                .jar(jar)
                .logDir(tmp.resolve("logs"))
                .name("fake-" + mode)
                .remote(RemoteRepository.of("hub", "http://127.0.0.1:9"))
                .env("FAKE_WHARF_MODE", mode)
                .env("E2E_UPSTREAM_PASSWORD", "s3cret");
    }

    @Test
    void startsUntilReadyLogsUnderTheGivenDirAndStopsCleanly() throws IOException {
        WharfProcess wharf = builder("normal").jvmOptions("-Xmx64m").start();
        assertThat(HttpProbe.status(wharf.url() + "/health/ready", Duration.ofSeconds(2))).hasValue(200);
        assertThat(wharf.log()).startsWith(tmp.resolve("logs"));
        assertThat(wharf.blobsDir()).isEqualTo(tmp.resolve("wharf-normal/data/blobs"));
        assertThat(Files.readString(tmp.resolve("wharf-normal/wharf.yaml"))).contains("port: " + wharf.url().split(":")[2]);

        wharf.stop();

        assertThat(wharf.isRunning()).isFalse();
        assertThat(Files.readString(wharf.log()))
                .contains("-Xmx64m", "leakDetection=paranoid", "secret=s3cret", "fake wharf: stopping");
        wharf.stop();
    }

    @Test
    void killEndsWharfAtOnceWithoutItsShutdownHookAndStartRunsItAgainOnTheSameData() throws IOException {
        WharfProcess.Builder builder = builder("normal");
        WharfProcess wharf = builder.start();

        wharf.kill();

        assertThat(wharf.isRunning()).isFalse();
        assertThat(Files.readString(wharf.log())).doesNotContain("fake wharf: stopping");
        wharf.stop();
        WharfProcess again = builder.start();
        assertThat(again.blobsDir()).isEqualTo(wharf.blobsDir());
        assertThat(HttpProbe.status(again.url() + "/health/ready", Duration.ofSeconds(2))).hasValue(200);
        again.stop();
    }

    @Test
    void stopFailsWhenTheLogHoldsALeakReport() {
        WharfProcess wharf = builder("leak").start();

        assertThatThrownBy(wharf::stop)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LEAK: ByteBuf.release() was not called");
    }

    @Test
    void startFailsWithTheLogTailWhenWharfExitsBeforeReady() {
        assertThatThrownBy(() -> builder("exit").start())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("mode=exit");
    }

    @Test
    void aMissingJarFailsSayingHowToBuildIt() {
        assertThatThrownBy(() -> WharfProcess.jarFrom(null))
                .hasMessageContaining("WHARF_E2E_JAR is not set")
                .hasMessageContaining("mvn -B verify");
        assertThatThrownBy(() -> WharfProcess.jarFrom(tmp.resolve("nope.jar").toString()))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("proxy-core");
    }
}
