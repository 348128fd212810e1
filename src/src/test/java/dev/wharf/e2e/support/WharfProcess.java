package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Wharf server under test, run as users run it:
 * {@code java -Dio.netty.leakDetection.level=paranoid [jvm options] -jar $WHARF_E2E_JAR serve --config <file>}
 * on a free port of 127.0.0.1, its data in a test directory and its stdout/stderr in a log file under
 * {@code target/e2e-logs}. Ready once {@code GET /health/ready} answers 200 (bounded wait). Stopping sends
 * SIGTERM, kills after 10 s, and fails when the log holds a Netty leak report ({@code LEAK:}); {@link #kill()}
 * sends SIGKILL instead, as a crash would.
 */
public final class WharfProcess implements AutoCloseable {
    /** The environment variable naming the Wharf jar under test (set by src/pom.xml). */
    public static final String JAR_VARIABLE = "WHARF_E2E_JAR";
    /** The marker of a Netty leak report in a log. */
    public static final String LEAK_MARKER = "LEAK:";
    /**
     * The admin token tests send on writes (as a Basic password or a Bearer token): the bootstrap token of
     * every Wharf under test once authentication exists, ignored before.
     */
    public static final String ADMIN_TOKEN = "wharf-e2e-admin-0f3c9a8b7d6e5f4a3b2c1d0e";
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final WharfConfig config;
    private final Path log;
    private final Process process;
    private final javax.net.ssl.SSLContext tls;
    private boolean stopped;

    private WharfProcess(WharfConfig config, Path log, Process process, javax.net.ssl.SSLContext tls) {
        this.config = config;
        this.log = log;
        this.process = process;
        this.tls = tls;
    }

    /** A builder for a Wharf whose config, data and scratch files live in {@code workDir}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Configures and starts one Wharf. */
    public static final class Builder {
        private final Path workDir;
        private final List<RemoteRepository> repositories = new ArrayList<>();
        private final List<GenericRepository> genericRepositories = new ArrayList<>();
        private final List<DockerRepository> dockerRepositories = new ArrayList<>();
        private final List<String> sections = new ArrayList<>();
        private final List<String> rawRepositories = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String defaultRepository;
        private String idleTimeout;
        private String maxUploadBytes;
        private Path spoolPath;
        private ClusterStores cluster;
        private Path jar;
        private Path logDir = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("e2e-logs");
        private String name = "wharf";
        private javax.net.ssl.SSLContext tls;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** Adds a repository given as a YAML flow map, e.g. {@code "{ key: pypi, format: pypi, type: local }"}. */
        public Builder repository(String yamlFlowMap) {
            rawRepositories.add(yamlFlowMap);
            return this;
        }

        /** Adds a top-level config line written as given, e.g. {@code "auth: { anonymousRead: false }"}. */
        public Builder section(String yamlLine) {
            sections.add(yamlLine);
            return this;
        }

        /** Adds a docker remote repository. */
        public Builder remote(RemoteRepository repository) {
            repositories.add(repository);
            return this;
        }

        /** Adds a docker local or virtual repository; a virtual's members must be added before it. */
        public Builder docker(DockerRepository repository) {
            dockerRepositories.add(repository);
            return this;
        }

        /** Adds a generic repository (remote, local or virtual); a virtual's members must be added before it. */
        public Builder generic(GenericRepository repository) {
            genericRepositories.add(repository);
            return this;
        }

        /** Sets {@code server.limits.maxUploadBytes} (e.g. {@code 2GiB}): the largest request body Wharf accepts. */
        public Builder maxUploadBytes(String size) {
            this.maxUploadBytes = size;
            return this;
        }

        /** Sets {@code cache.spoolPath}: where fills spool the bytes their followers read. */
        public Builder spoolPath(Path dir) {
            this.spoolPath = dir;
            return this;
        }

        /** Runs as a replica of a cluster on shared stores, with a spool of its own under the work directory. */
        public Builder cluster(ClusterStores stores) {
            this.cluster = stores;
            return this;
        }

        /** Sets {@code docker.defaultRepository}, the target of mirror-mode paths. */
        public Builder defaultRepository(String key) {
            this.defaultRepository = key;
            return this;
        }

        /** Sets {@code server.idleTimeout} (e.g. {@code 5s}): how long a connection may be idle before Wharf closes it. */
        public Builder idleTimeout(String timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Adds JVM options (e.g. {@code -Xmx128m}), placed before {@code -jar}. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Sets an environment variable of the Wharf process (e.g. a secret its config references). */
        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** Runs {@code jarFile} instead of the one named by {@value #JAR_VARIABLE}. */
        public Builder jar(Path jarFile) {
            this.jar = jarFile;
            return this;
        }

        /** Where the log file goes (default {@code target/e2e-logs} of the module). */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /**
         * Serves HTTPS ({@code server.tls}, set through its environment variables) with this PEM certificate and key;
         * {@code trust} is a client context that trusts the certificate, for the readiness probe.
         */
        public Builder tls(Path certificate, Path privateKey, javax.net.ssl.SSLContext trust) {
            env.put("WHARF_SERVER_TLS_CERTIFICATE", certificate.toString());
            env.put("WHARF_SERVER_TLS_PRIVATEKEY", privateKey.toString());
            this.tls = trust;
            return this;
        }

        /** The log file's name prefix, usually the test's name. */
        public Builder name(String logName) {
            this.name = logName.replaceAll("[^A-Za-z0-9._-]", "_");
            return this;
        }

        /**
         * Writes the config, starts Wharf and waits until it is ready; kills it and fails if it never is.
         * Called again once the last process is gone, it restarts Wharf on the same data (on a new port).
         */
        public WharfProcess start() {
            Path jarFile = jar != null ? jar : jarFromEnvironment();
            Path spool = spoolPath == null && cluster != null ? workDir.resolve("spool") : spoolPath;
            WharfConfig config = new WharfConfig(FreePort.pick(), workDir.resolve("data"), idleTimeout, maxUploadBytes,
                    defaultRepository, spool, repositories, genericRepositories, cluster, dockerRepositories, sections,
                    rawRepositories);
            try {
                Files.createDirectories(config.dataDir());
                Path configFile = Files.writeString(workDir.resolve("wharf.yaml"), config.toYaml());
                Path log = Files.createDirectories(logDir).resolve(name + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS")) + "-" + config.port() + ".log");
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dio.netty.leakDetection.level=paranoid",
                        "-Dio.netty.leakDetection.targetRecords=8"));
                command.addAll(jvmOptions);
                command.addAll(List.of("-jar", jarFile.toString(), "serve", "--config", configFile.toString()));
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                // WHARF_* variables would override keys of the generated config.
                builder.environment().keySet().removeIf(variable -> variable.startsWith("WHARF_"));
                builder.environment().putAll(env);
                Files.writeString(log, String.join(" ", command) + "\n" + config.toYaml() + "--- Wharf output ---\n");
                WharfProcess wharf = new WharfProcess(config, log, builder.start(), tls);
                wharf.awaitReady();
                return wharf;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Wharf from " + jarFile, e);
            }
        }
    }

    /** The jar named by {@value #JAR_VARIABLE}, or a failure saying how to build it. */
    public static Path jarFromEnvironment() {
        return jarFrom(System.getenv(JAR_VARIABLE));
    }

    /** The jar at {@code value} (the variable's content, maybe null), or a failure saying how to build it. */
    static Path jarFrom(String value) {
        if (value == null || value.isBlank()) {
            throw new AssertionError(JAR_VARIABLE + " is not set: run the suite with `mvn -B verify` from the "
                    + "repository root, whose src/pom.xml points it at proxy-core/target/wharf.jar");
        }
        Path jarFile = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jarFile)) {
            throw new AssertionError("the Wharf jar " + jarFile + " (from " + JAR_VARIABLE + ") does not exist: "
                    + "build it with `mvn -B verify` from the repository root (proxy-core packages target/wharf.jar)");
        }
        return jarFile;
    }

    private void awaitReady() {
        try {
            Waits.until(READY_LIMIT, "Wharf to answer 200 on " + url() + "/health/ready", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("Wharf exited with " + process.exitValue() + " before it was ready\n" + logTail(60));
                }
                OptionalInt status = tls == null ? HttpProbe.status(url() + "/health/ready", Duration.ofSeconds(2))
                        : HttpProbe.status(url() + "/health/ready", Duration.ofSeconds(2), tls);
                return status.isPresent() && status.getAsInt() == 200;
            }, () -> logTail(60));
        } catch (AssertionError e) {
            Processes.stop(process, STOP_GRACE);
            stopped = true;
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://} when started with {@link Builder#tls}. */
    public String url() {
        return (tls == null ? "http://" : "https://") + hostPort();
    }

    /** {@code 127.0.0.1:<port>}, as used in image references. */
    public String hostPort() {
        return "127.0.0.1:" + config.port();
    }

    /** The config Wharf was started with. */
    public WharfConfig config() {
        return config;
    }

    /** The filesystem blob store's root ({@code storage.blobs.path}). */
    public Path blobsDir() {
        return config.blobsDir();
    }

    /** Where a committed blob lives: {@code <blobs>/sha256/<first 2 hex>/<64 hex>}. */
    public Path committedBlob(String digest) {
        String hex = Sha256.hex(digest);
        return blobsDir().resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** {@code cache.spoolPath} as configured, or null when Wharf uses its default. */
    public Path spoolDir() {
        return config.spoolPath();
    }

    /** The lines of the log (Wharf's output, access log included) that contain {@code text}. */
    public List<String> logLinesContaining(String text) {
        try {
            return LogTail.linesContaining(log, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Wharf's log " + log, e);
        }
    }

    /** Wharf's stdout and stderr. */
    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        return LogTail.of(log, lines);
    }

    /** True while the process runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Stops Wharf (SIGTERM, kill after 10 s) and fails if its log holds a Netty leak report.
     * Idempotent: later calls do nothing.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Processes.stop(process, STOP_GRACE);
        failOnLeaks();
    }

    /**
     * Kills Wharf with SIGKILL, giving it no chance to flush or clean up, and returns once it is gone; fails if
     * the log already holds a Netty leak report. Later {@link #stop()} calls do nothing.
     */
    public synchronized void kill() {
        if (stopped) {
            return;
        }
        stopped = true;
        Processes.kill(process);
        failOnLeaks();
    }

    private void failOnLeaks() {
        List<String> leaks = logLinesContaining(LEAK_MARKER);
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " buffer leak(s); see " + log + ":\n"
                    + String.join("\n", leaks));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
