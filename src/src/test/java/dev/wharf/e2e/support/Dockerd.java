package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A dockerd of its own (Debian package {@code docker.io}), driven with the {@code docker} CLI over its own
 * socket: vfs storage, no iptables, no bridge, no IP forwarding, data, exec root, pid file, trust key and
 * daemon.json under a test directory, and a {@link Containerd} of its own (so nothing lands in
 * {@code /opt/containerd}). 127.0.0.0/8 is an insecure (plain HTTP) registry range; {@code registry-mirrors}
 * is never set, so no pull can fall back to Docker Hub. Needs root. Stopped by {@link #close()}.
 */
public final class Dockerd implements AutoCloseable {
    /** The daemon's executable. */
    public static final String PROGRAM = "dockerd";
    /** The client's executable. */
    public static final String CLIENT = "docker";
    /** The Debian package that installs both. */
    public static final String DEBIAN_PACKAGE = "docker.io";
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final Duration CLIENT_LIMIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path docker;
    private final Path workDir;
    private final Path socket;
    private final Map<String, String> clientEnv;
    private final AtomicInteger runs = new AtomicInteger();
    private Containerd containerd;
    private Daemon daemon;

    private Dockerd(Path workDir) throws IOException {
        this.docker = Programs.require(CLIENT, DEBIAN_PACKAGE);
        this.workDir = workDir;
        this.socket = workDir.resolve("docker.sock");
        this.clientEnv = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME", Files.createDirectories(workDir.resolve("home")).toString(),
                "DOCKER_CONFIG", Files.createDirectories(workDir.resolve("cli")).toString());
    }

    /** Starts a containerd and a dockerd whose files all live under {@code workDir}; waits until {@code docker version} answers. */
    public static Dockerd start(Path workDir) {
        RootUser.require(PROGRAM);
        Path executable = Programs.require(PROGRAM, DEBIAN_PACKAGE);
        Dockerd dockerd;
        try {
            dockerd = new Dockerd(Files.createDirectories(workDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare dockerd in " + workDir, e);
        }
        try {
            dockerd.containerd = Containerd.start(workDir.resolve("containerd"));
            // The trust key would otherwise be written to /etc/docker/key.json; this key has no command-line flag.
            Path config = Files.writeString(workDir.resolve("daemon.json"), "{\"insecure-registries\": [\"127.0.0.0/8\"], "
                    + "\"deprecated-key-path\": \"" + workDir.resolve("key.json") + "\"}\n");
            ProcessBuilder builder = new ProcessBuilder(executable.toString(),
                    "--host", "unix://" + dockerd.socket,
                    "--config-file", config.toString(),
                    "--data-root", workDir.resolve("data").toString(),
                    "--exec-root", workDir.resolve("exec").toString(),
                    "--pidfile", workDir.resolve("dockerd.pid").toString(),
                    "--containerd", dockerd.containerd.socket().toString(),
                    "--storage-driver", "vfs",
                    "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none")
                    .directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", dockerd.clientEnv.get("PATH"));
            builder.environment().put("HOME", dockerd.clientEnv.get("HOME"));
            dockerd.daemon = Daemon.start("dockerd", builder, workDir.resolve("dockerd.log"), READY_LIMIT,
                    () -> Files.exists(dockerd.socket) && dockerd.docker("version").exitCode() == 0);
            return dockerd;
        } catch (IOException e) {
            dockerd.close();
            throw new UncheckedIOException("cannot prepare dockerd in " + workDir, e);
        } catch (RuntimeException | Error e) {
            dockerd.close();
            throw e;
        }
    }

    /** Runs {@code docker -H unix://<socket> <args>} to completion (bounded); the caller judges the outcome. */
    public Processes.Outcome docker(String... args) {
        return docker(Map.of(), args);
    }

    /** Runs {@code docker -H unix://<socket> <args>} with {@code extraEnv} added to the client's environment. */
    public Processes.Outcome docker(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of(docker.toString(), "--host", "unix://" + socket));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(clientEnv);
        builder.environment().putAll(extraEnv);
        return Processes.run(builder, workDir.resolve("docker-" + runs.incrementAndGet() + ".log"), CLIENT_LIMIT);
    }

    /**
     * {@code docker build --tag <tag> <context>} with the classic builder: BuildKit would need a setup of its own,
     * and a {@code FROM scratch} image of copied files needs nothing more. The caller judges the outcome.
     */
    public Processes.Outcome build(Path context, String tag) {
        return docker(Map.of("DOCKER_BUILDKIT", "0"), "build", "--tag", tag, context.toString());
    }

    /** {@code docker pull <reference>}; the caller judges the outcome. */
    public Processes.Outcome pull(String reference) {
        return docker("pull", reference);
    }

    /** {@code docker image inspect <reference>}: the image's JSON description (Id, RepoDigests, RootFS, ...). */
    public JsonNode inspect(String reference) {
        String output = docker("image", "inspect", "--format", "{{json .}}", reference).requireSuccess().output();
        try {
            return JSON.readTree(output.substring(output.indexOf('{')));
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new AssertionError("docker image inspect printed no JSON: " + output, e);
        }
    }

    /** Stops dockerd, then its containerd. */
    @Override
    public void close() {
        if (daemon != null) {
            daemon.stop();
        }
        if (containerd != null) {
            containerd.close();
        }
    }
}
