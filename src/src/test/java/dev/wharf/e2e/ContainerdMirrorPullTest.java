package dev.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.e2e.support.Containerd;
import dev.wharf.e2e.support.DistributionRegistry;
import dev.wharf.e2e.support.ImageShape;
import dev.wharf.e2e.support.LogTail;
import dev.wharf.e2e.support.OciDescriptor;
import dev.wharf.e2e.support.OciLayout;
import dev.wharf.e2e.support.Processes;
import dev.wharf.e2e.support.PullCase;
import dev.wharf.e2e.support.PullMode;
import dev.wharf.e2e.support.RemoteRepository;
import dev.wharf.e2e.support.RequiredProgram;
import dev.wharf.e2e.support.Waits;
import dev.wharf.e2e.support.WharfProcess;
import dev.wharf.e2e.support.WharfProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ctr images pull} of each image shape, named by the upstream registry's own
 * {@code 127.0.0.1:PORT/...} reference, with a {@code hosts.toml} that makes Wharf its mirror: containerd
 * sends {@code ?ns=127.0.0.1:PORT} and Wharf (with no mirror default) picks the remote of that host. The
 * pull succeeds with every digest, unpacks this machine's platform, and every manifest and blob was
 * answered 200 by Wharf, not by the upstream that hosts.toml would fall back to.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiredProgram(value = Containerd.PROGRAM, debianPackage = Containerd.DEBIAN_PACKAGE)
@RequiredProgram(value = Containerd.CLIENT, debianPackage = Containerd.DEBIAN_PACKAGE)
@RequiredProgram(value = DistributionRegistry.PROGRAM, debianPackage = DistributionRegistry.DEBIAN_PACKAGE)
class ContainerdMirrorPullTest {
    private static final Duration LOG_FLUSH = Duration.ofSeconds(5);

    @TempDir
    static Path shared;
    private static DistributionRegistry registry;
    private static Containerd containerd;

    @RegisterExtension
    final WharfProcesses wharfs = new WharfProcesses();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = DistributionRegistry.start(shared.resolve("registry"));
        containerd = Containerd.start(shared.resolve("containerd"));
    }

    @AfterAll
    static void stop() {
        if (containerd != null) {
            containerd.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ImageShape.class)
    void pullsThroughWharfAsTheMirrorOfTheUpstreamHost(ImageShape shape) {
        PullCase upstream = PullCase.prepare("containerd", shape, PullMode.UPSTREAM, registry, wharfs, tmp);
        OciLayout layout = upstream.layout();
        WharfProcess wharf = wharfs.start(WharfProcess.builder(tmp.resolve("wharf"))
                .remote(RemoteRepository.of("upstream", registry.url())));

        Processes.Outcome pull = containerd.pullThroughMirror(upstream.reference(), wharf.url()).requireSuccess();

        assertThat(containerd.imageDigest(upstream.reference())).isEqualTo(layout.root().digest());
        assertThat(containerd.contentDigests()).containsAll(Stream.concat(layout.manifests().stream(), layout.blobs().stream())
                .map(OciDescriptor::digest).toList());
        // One layer per image: its chain ID is its diff_id.
        assertThat(pull.output()).contains("image chain ID: " + layout.hostImage().diffIds().get(0));
        String image = upstream.repository().substring(registry.hostPort().length());
        String ns = "?ns=" + URLEncoder.encode(registry.hostPort(), StandardCharsets.UTF_8);
        List<String> expected = Stream.concat(
                layout.manifests().stream().map(manifest -> "GET /v2" + image + "/manifests/" + manifest.digest() + ns + " 200 "),
                layout.blobs().stream().map(blob -> "GET /v2" + image + "/blobs/" + blob.digest() + ns + " 200 ")).toList();
        Waits.until(LOG_FLUSH, "Wharf's access log to show every manifest and blob served with " + ns,
                () -> expected.stream().allMatch(line -> logContains(wharf, line)),
                () -> "expected lines " + expected + "\nrequests with ns: " + linesWith(wharf, "ns="));
    }

    private static boolean logContains(WharfProcess wharf, String text) {
        return !linesWith(wharf, text).isEmpty();
    }

    private static List<String> linesWith(WharfProcess wharf, String text) {
        try {
            return LogTail.linesContaining(wharf.log(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wharf.log(), e);
        }
    }
}
