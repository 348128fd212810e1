package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Maven 2 repository over directories, as a remote's upstream: a small {@code python3} server that serves the
 * first of its roots holding a path (so a test lays its own files over a read-only tree, such as the test JVM's
 * local Maven repository), and answers {@code <file>.sha1} with the file's sha1 when no root holds that checksum
 * file, as a real repository publishes one beside every file. It logs one line per request ({@code GET /path 200}).
 * It can be stopped and started again on the same port. Every wait is bounded.
 */
public final class MavenTreeServer implements AutoCloseable {
    private static final String SCRIPT = """
            import hashlib, http.server, os, sys, urllib.parse

            port = int(sys.argv[1])
            roots = sys.argv[2:]


            class Handler(http.server.BaseHTTPRequestHandler):
                def find(self, rel):
                    for root in roots:
                        path = os.path.join(root, rel)
                        if os.path.isfile(path):
                            return path
                    return None

                def body(self):
                    rel = urllib.parse.unquote(self.path.split('?', 1)[0]).lstrip('/')
                    if rel == '':
                        return b'ok\\n'
                    if '..' in rel.split('/'):
                        return None
                    path = self.find(rel)
                    if path:
                        with open(path, 'rb') as f:
                            return f.read()
                    if rel.endswith('.sha1'):
                        path = self.find(rel[:-5])
                        if path:
                            with open(path, 'rb') as f:
                                return hashlib.sha1(f.read()).hexdigest().encode()
                    return None

                def answer(self, send):
                    body = self.body()
                    status = 404 if body is None else 200
                    self.send_response(status)
                    self.send_header('Content-Length', '0' if body is None else str(len(body)))
                    self.end_headers()
                    if send and body is not None:
                        self.wfile.write(body)

                def do_GET(self):
                    self.answer(True)

                def do_HEAD(self):
                    self.answer(False)

                def log_request(self, code='-', size='-'):
                    sys.stdout.write('%s %s %s\\n' % (self.command, self.path, code))


            http.server.ThreadingHTTPServer(('127.0.0.1', port), Handler).serve_forever()
            """;

    private final Path log;
    private final PythonServerProcess process;

    private MavenTreeServer(Path executable, Path script, List<Path> roots, Path log, int port) {
        this.log = log;
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-u", script.toString(), Integer.toString(port)));
        roots.forEach(root -> command.add(root.toString()));
        this.process = new PythonServerProcess("the Maven tree server", command, log, port);
    }

    /** Serves {@code roots} (the first holding a path wins) on a free port from {@code workDir}; waits until it answers. */
    public static MavenTreeServer start(Path workDir, List<Path> roots) {
        try {
            Files.createDirectories(workDir);
            Path script = Files.writeString(workDir.resolve("maven-tree-server.py"), SCRIPT, StandardCharsets.UTF_8);
            MavenTreeServer server = new MavenTreeServer(Programs.require(HttpFileServer.PROGRAM, HttpFileServer.DEBIAN_PACKAGE),
                    script, roots, workDir.resolve("maven-tree-server.log"), FreePort.pick());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Maven tree server in " + workDir, e);
        }
    }

    /** Starts the server (again) on the same port; waits until {@code GET /} answers 200. */
    public void start() {
        process.start();
    }

    /** Stops the server (SIGTERM, then kill). */
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

    /** How many {@code GET}s of {@code path} (as sent, e.g. {@code /a/b.jar}) reached the server. */
    public long gets(String path) {
        try {
            return LogTail.linesContaining(log, "GET " + path + " ").size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
