package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * nginx serving a directory on a free port of 127.0.0.1, as one process ({@code daemon off; master_process off})
 * with its config, logs and temp files in a test directory. Unlike {@link HttpFileServer} it sends an
 * {@code ETag} (from the file's mtime and size) and answers {@code If-None-Match} with 304, keeps connections
 * alive and serves ranges itself. Its access log records, per request, the validators the client sent.
 * It can be stopped and started again on the same port and directory. Every wait is bounded.
 */
public final class NginxFileServer implements AutoCloseable {
    /** The executable name. */
    public static final String PROGRAM = "nginx";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "nginx";
    private static final Duration READY_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String FIELD = "\t";

    private final Path executable;
    private final Path root;
    private final Path workDir;
    private final Path config;
    private final Path accessLog;
    private final Path errorLog;
    private final int port;
    private Process process;

    /** One request as the access log recorded it; a validator the client did not send is empty. */
    public record Request(String method, String path, int status, String ifNoneMatch, String ifModifiedSince) {
    }

    private NginxFileServer(Path executable, Path root, Path workDir, int port) throws IOException {
        this.executable = executable;
        this.root = root;
        this.workDir = workDir;
        this.port = port;
        this.config = workDir.resolve("nginx.conf");
        this.accessLog = workDir.resolve("access.log");
        this.errorLog = workDir.resolve("error.log");
        Files.writeString(config, String.join("\n",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "pid " + workDir.resolve("nginx.pid") + ";",
                "error_log " + errorLog + " warn;",
                "events { worker_connections 64; }",
                "http {",
                "  log_format e2e escape=none '$request_method" + FIELD + "$uri" + FIELD + "$status" + FIELD + "$http_if_none_match" + FIELD
                        + "$http_if_modified_since';",
                "  access_log " + accessLog + " e2e;",
                "  client_body_temp_path " + workDir.resolve("client-body") + ";",
                "  proxy_temp_path " + workDir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + workDir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + workDir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + workDir.resolve("scgi") + ";",
                "  default_type application/octet-stream;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    root " + root + ";",
                "    autoindex on;",
                "  }",
                "}",
                ""));
    }

    /** Serves {@code root} (created if missing) on a free port, its files in {@code workDir}; waits until it answers. */
    public static NginxFileServer start(Path root, Path workDir) {
        try {
            NginxFileServer server = new NginxFileServer(Programs.require(PROGRAM, DEBIAN_PACKAGE), Files.createDirectories(root),
                    Files.createDirectories(workDir), FreePort.pick());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare nginx in " + workDir, e);
        }
    }

    /** Starts nginx (again) on the same port and directory; waits until {@code GET /} answers 200. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("nginx on port " + port + " already runs");
        }
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-p", workDir.toString(), "-e", errorLog.toString(),
                "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("nginx.out").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        Waits.until(READY_LIMIT, "nginx to answer on " + url(), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited with " + process.exitValue() + "\n" + LogTail.of(errorLog, 40));
            }
            OptionalInt status = HttpProbe.status(url() + "/", Duration.ofSeconds(1));
            return status.isPresent() && status.getAsInt() == 200;
        }, () -> LogTail.of(errorLog, 40));
    }

    /** Stops nginx (SIGTERM, then kill); the directory stays for {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, STOP_GRACE);
            process = null;
        }
    }

    /** True while nginx runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The directory served. */
    public Path root() {
        return root;
    }

    /** The logged requests for {@code path} (decoded, without the query), oldest first. */
    public List<Request> requestsFor(String path) {
        List<Request> requests = new ArrayList<>();
        try {
            if (!Files.exists(accessLog)) {
                return requests;
            }
            for (String line : Files.readAllLines(accessLog)) {
                String[] fields = line.split(FIELD, -1);
                if (fields.length == 5 && fields[1].equals(path)) {
                    requests.add(new Request(fields[0], fields[1], Integer.parseInt(fields[2]), empty(fields[3]), empty(fields[4])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + accessLog, e);
        }
        return requests;
    }

    /** nginx logs a missing header as {@code -}. */
    private static String empty(String field) {
        return field.equals("-") ? "" : field;
    }

    @Override
    public void close() {
        stop();
    }
}
