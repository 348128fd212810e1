package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A containerd of its own (Debian package {@code containerd}): config, root, state and GRPC socket under a
 * test directory, with the plugins that would reach outside it (CRI, {@code /opt/containerd}) disabled;
 * driven with {@code ctr --address <socket>} in a clean environment. Needs root. Stopped by {@link #close()}.
 */
public final class Containerd implements AutoCloseable {
    /** The daemon's executable. */
    public static final String PROGRAM = "containerd";
    /** The client's executable. */
    public static final String CLIENT = "ctr";
    /** The Debian package that installs both. */
    public static final String DEBIAN_PACKAGE = "containerd";
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);
    private static final Duration CTR_LIMIT = Duration.ofSeconds(120);
    private static final int MAX_SOCKET_PATH = 100;

    private final Path ctr;
    private final Path workDir;
    private final Path socket;
    private final Map<String, String> env;
    private final AtomicInteger runs = new AtomicInteger();
    private Daemon daemon;

    private Containerd(Path workDir) {
        this.ctr = Programs.require(CLIENT, DEBIAN_PACKAGE);
        this.workDir = workDir;
        this.socket = workDir.resolve("containerd.sock");
        this.env = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME", workDir.toString(), "TMPDIR", workDir.resolve("tmp").toString());
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("socket path " + socket + " is too long for a unix socket (max "
                    + MAX_SOCKET_PATH + " characters)");
        }
    }

    /** Starts a containerd whose files all live under {@code workDir}; waits until {@code ctr version} answers. */
    public static Containerd start(Path workDir) {
        RootUser.require(PROGRAM);
        Path executable = Programs.require(PROGRAM, DEBIAN_PACKAGE);
        try {
            Containerd containerd = new Containerd(Files.createDirectories(workDir));
            Files.createDirectories(workDir.resolve("tmp"));
            Path config = Files.writeString(workDir.resolve("config.toml"), String.join("\n",
                    "version = 2",
                    "root = " + toml(workDir.resolve("root")),
                    "state = " + toml(workDir.resolve("state")),
                    // CRI would set up networking and listen on its own; opt would populate /opt/containerd.
                    "disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.internal.v1.opt\","
                            + " \"io.containerd.snapshotter.v1.btrfs\", \"io.containerd.snapshotter.v1.zfs\","
                            + " \"io.containerd.snapshotter.v1.devmapper\", \"io.containerd.snapshotter.v1.aufs\"]",
                    "[grpc]",
                    "  address = " + toml(containerd.socket),
                    "[ttrpc]",
                    "  address = " + toml(Path.of(containerd.socket + ".ttrpc")),
                    "[debug]",
                    "  address = \"\"",
                    "[metrics]",
                    "  address = \"\"",
                    ""));
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "--config", config.toString())
                    .directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().putAll(containerd.env);
            containerd.daemon = Daemon.start("containerd", builder, workDir.resolve("containerd.log"), READY_LIMIT,
                    () -> Files.exists(containerd.socket) && containerd.ctr("version").exitCode() == 0);
            return containerd;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare containerd in " + workDir, e);
        }
    }

    /** The GRPC socket ({@code ctr --address}, {@code dockerd --containerd}). */
    public Path socket() {
        return socket;
    }

    /** Runs {@code ctr --address <socket> <args>} to completion (bounded); the caller judges the outcome. */
    public Processes.Outcome ctr(String... args) {
        List<String> command = new ArrayList<>(List.of(ctr.toString(), "--address", socket.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return Processes.run(builder, workDir.resolve("ctr-" + runs.incrementAndGet() + ".log"), CTR_LIMIT);
    }

    /**
     * {@code ctr images pull --all-platforms --print-chainid} of {@code reference} (named by its upstream
     * registry, {@code <host:port>/<name>:<tag>}), with a {@code hosts.toml} that sends the pull to the mirror
     * at {@code mirrorUrl} first: containerd then adds {@code ?ns=<host:port>} to every mirror request.
     * The layers of this machine's platform are unpacked with the native snapshotter.
     */
    public Processes.Outcome pullThroughMirror(String reference, String mirrorUrl) {
        String registryHost = reference.substring(0, reference.indexOf('/'));
        Path hostsDir = workDir.resolve("hosts-" + runs.incrementAndGet());
        try {
            Files.createDirectories(hostsDir.resolve(registryHost));
            Files.writeString(hostsDir.resolve(registryHost).resolve("hosts.toml"), String.join("\n",
                    "server = " + toml("http://" + registryHost),
                    "[host." + toml(mirrorUrl) + "]",
                    "  capabilities = [\"pull\", \"resolve\"]",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hosts dir " + hostsDir, e);
        }
        return ctr("images", "pull", "--hosts-dir", hostsDir.toString(), "--all-platforms", "--snapshotter", "native",
                "--print-chainid", reference);
    }

    /** The digest {@code ctr images ls} lists for {@code reference}, failing when the image is not there. */
    public String imageDigest(String reference) {
        String listing = ctr("images", "ls", "name==" + reference).requireSuccess().output();
        return listing.lines().skip(1).map(line -> line.trim().split("\\s+"))
                .filter(columns -> columns.length > 2 && columns[0].equals(reference))
                .map(columns -> columns[2]).findFirst()
                .orElseThrow(() -> new AssertionError("ctr images ls lists no " + reference + ":\n" + listing));
    }

    /** Every digest in the content store ({@code ctr content ls -q}). */
    public List<String> contentDigests() {
        return ctr("content", "ls", "-q").requireSuccess().output().lines().map(String::trim)
                .filter(line -> line.startsWith(Sha256.PREFIX)).toList();
    }

    /** Stops the daemon (SIGTERM, then kill, and any child it left). */
    @Override
    public void close() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    private static String toml(Object value) {
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
