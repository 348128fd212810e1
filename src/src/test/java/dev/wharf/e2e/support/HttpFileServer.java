package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP file server over a directory: {@code python3 -m http.server --bind 127.0.0.1 --directory <root>}
 * on a free port. It sends {@code Last-Modified} (whole seconds, from the file's mtime) and answers
 * {@code If-Modified-Since} with 304; it sends no ETag and ignores {@code Range}. Its request log (one line
 * per request, with the status) tells a test what reached the upstream. It can be stopped and started again
 * on the same port and directory. Every wait is bounded.
 */
public final class HttpFileServer implements AutoCloseable {
    /** The executable name. */
    public static final String PROGRAM = "python3";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "python3";
    // http.server logs: 127.0.0.1 - - [02/Dec/2026 01:56:13] "GET /a/b HTTP/1.1" 200 -
    private static final Pattern REQUEST_LINE = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) ");

    private final Path root;
    private final Path log;
    private final PythonServerProcess process;

    private HttpFileServer(Path executable, Path root, Path log, int port) {
        this.root = root;
        this.log = log;
        this.process = new PythonServerProcess("python3 -m http.server", List.of(executable.toString(), "-u", "-m",
                "http.server", Integer.toString(port), "--bind", "127.0.0.1", "--directory", root.toString()), log, port);
    }

    /** One request as the server logged it. */
    public record Request(String method, String path, int status) {
    }

    /** Serves {@code root} (created if missing) on a free port, logging to {@code log}; waits until it answers. */
    public static HttpFileServer start(Path root, Path log) {
        try {
            HttpFileServer server = new HttpFileServer(Programs.require(PROGRAM, DEBIAN_PACKAGE),
                    Files.createDirectories(root), log, FreePort.pick());
            Files.createDirectories(log.toAbsolutePath().getParent());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a file server for " + root, e);
        }
    }

    /** Starts the server (again) on the same port and directory; waits until {@code GET /} answers 200. */
    public void start() {
        process.start();
    }

    /** Stops the server (SIGTERM, then kill); the directory stays for {@link #start()}. */
    public void stop() {
        process.stop();
    }

    /** True while the server process runs. */
    public boolean isRunning() {
        return process.isRunning();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return process.url();
    }

    /** The directory served. */
    public Path root() {
        return root;
    }

    /** The server's log: its start lines and one line per request. */
    public Path log() {
        return log;
    }

    /** Every request logged so far, oldest first (the readiness probes of {@code /} included). */
    public List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        try {
            for (String line : LogTail.linesContaining(log, "HTTP/")) {
                Matcher matcher = REQUEST_LINE.matcher(line);
                if (matcher.find()) {
                    requests.add(new Request(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        return requests;
    }

    /** The logged requests for {@code path} (as sent, e.g. {@code /a/b.txt}). */
    public List<Request> requestsFor(String path) {
        return requests().stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        stop();
    }
}
