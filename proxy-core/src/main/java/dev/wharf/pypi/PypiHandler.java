package dev.wharf.pypi;

import dev.wharf.codec.Glob;
import dev.wharf.codec.pypi.PypiPath;
import dev.wharf.codec.pypi.SimpleFormat;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;

/**
 * Serves one PyPI repository of any type: the simple API ({@code simple/}, {@code simple/<project>/}) in the
 * form the client negotiates, files and their {@code .metadata} under {@code packages/}; uploads
 * ({@code POST} to the root) and yanks ({@code DELETE} of a file) go to the local repository that takes the
 * repository's writes, if any. Blocklisted paths answer 403.
 */
final class PypiHandler implements RepositoryHandler {
    private final PypiRepository repository;
    private final Optional<PypiLocal> writes;
    private final List<Glob> blocklist;
    private final FileServer server;

    PypiHandler(PypiRepository repository, Optional<PypiLocal> writes, List<String> blocklist, FileServer server) {
        this.repository = repository;
        this.writes = writes;
        this.blocklist = blocklist.stream().map(Glob::new).toList();
        this.server = server;
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (blocklist.stream().anyMatch(glob -> glob.matches(path.path()))) {
            exchange.error(HttpResponseStatus.FORBIDDEN, path.path() + " is blocked in repository " + repository.key());
            return;
        }
        Optional<PypiPath> parsed = PypiPath.parse(path.segments(), path.directory());
        if (parsed.isEmpty()) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "not a path of a PyPI repository: " + path.path()
                    + " (expected simple/, simple/<project>/ or packages/<project>/<file>)");
            return;
        }
        PypiPath target = parsed.get();
        if (exchange.isRead()) {
            read(exchange, target);
        } else if (exchange.method().equals(HttpMethod.POST) && target instanceof PypiPath.Root) {
            write(exchange, "upload to").ifPresent(local -> local.upload(exchange));
        } else if (exchange.method().equals(HttpMethod.DELETE) && target instanceof PypiPath.File file && !file.metadata()) {
            write(exchange, "yank in").ifPresent(local -> local.yank(exchange, file));
        } else {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed on " + path.path()
                    + " (expected GET or HEAD; POST to the repository root uploads, DELETE of a file yanks it)");
        }
    }

    private void read(Exchange exchange, PypiPath target) {
        if (target instanceof PypiPath.File file) {
            server.serve(exchange, () -> repository.file(file, exchange.isHead()), repository::forget);
            return;
        }
        if (target instanceof PypiPath.Root) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "the simple index of repository " + repository.key()
                    + " is at simple/");
            return;
        }
        Optional<SimpleFormat> format = IndexResponder.negotiate(exchange);
        if (format.isEmpty()) {
            return;
        }
        if (target instanceof PypiPath.Project project) {
            exchange.when(repository.page(project.project()), (page, err) -> {
                if (err != null) {
                    FileResponses.failure(exchange, err, "the page of " + project.project());
                } else if (page.isEmpty()) {
                    exchange.error(HttpResponseStatus.NOT_FOUND, "no project " + project.project() + " in repository "
                            + repository.key());
                } else {
                    exchange.cacheStatus(page.get().status());
                    IndexResponder.page(exchange, format.get(), page.get().value(), page.get().warning());
                }
            });
        } else {
            exchange.when(repository.projects(), (names, err) -> {
                if (err != null) {
                    FileResponses.failure(exchange, err, "the project list");
                } else {
                    exchange.cacheStatus(names.status());
                    IndexResponder.list(exchange, format.get(), names.value(), names.warning());
                }
            });
        }
    }

    private Optional<PypiLocal> write(Exchange exchange, String what) {
        if (writes.isEmpty()) {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "cannot " + what + " repository " + repository.key()
                    + ": only a local repository, or a virtual one with deployTo, takes writes");
        }
        return writes;
    }
}
