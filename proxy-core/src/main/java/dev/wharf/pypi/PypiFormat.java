package dev.wharf.pypi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileResponses;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RemoteFiles;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.format.Served;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Python packages (PyPI) under {@code /repository/<key>/}: the simple API ({@code simple/}, PEP 503 HTML and
 * PEP 691 JSON), files under {@code packages/}, uploads at the root. Remotes cache an index, locals take
 * {@code twine upload}, virtuals merge their members.
 */
public final class PypiFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "pypi";
    /** The built-in remote of the embedded default, as the product's configuration names it. */
    private static final String EMBEDDED = """
            { "repositories": [
                { "key": "pypi", "format": "pypi", "type": "remote", "url": "https://pypi.example.com",
                  "maxUnusedAge": "30d" } ] }
            """;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return switch (type) {
            case REMOTE -> PypiRemoteOptions.class;
            case LOCAL -> PypiLocalOptions.class;
            case VIRTUAL -> PypiVirtualOptions.class;
        };
    }

    /** The {@code pypi} remote. */
    @Override
    public List<ObjectNode> embeddedDefaults() {
        try {
            return List.of((ObjectNode) new ObjectMapper().readTree(EMBEDDED));
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in PyPI remote", e);
        }
    }

    @Override
    public Served serve(FormatContext context) {
        FileServer server = new FileServer(context, FileResponses.STYLE,
                (exchange, failure) -> FileResponses.failure(exchange, failure, exchange.path()));
        IndexDocuments documents = new IndexDocuments(context.blobs());
        Map<String, PypiRepository> direct = new LinkedHashMap<>();
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>();
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.REMOTE) {
                RemoteFiles files = new RemoteFiles(repo, new PypiLayout(repo.url()), context);
                PypiRemote remote = new PypiRemote(repo, files, context, documents);
                direct.put(repo.key(), remote);
                handlers.put(repo.key(), new PypiHandler(remote, Optional.empty(), repo.blocklist(), server));
            } else if (repo.type() == RepositoryType.LOCAL) {
                PypiLocal local = new PypiLocal(repo, context, documents);
                direct.put(repo.key(), local);
                handlers.put(repo.key(), new PypiHandler(local, Optional.of(local), repo.blocklist(), server));
            }
        }
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<PypiRepository> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(direct.get(key)));
                Optional<PypiLocal> deployTo = Optional.ofNullable(repo.deployTo()).map(key -> (PypiLocal) direct.get(key));
                handlers.put(repo.key(), new PypiHandler(new PypiVirtual(repo.key(), members), deployTo, repo.blocklist(), server));
            }
        }
        return Served.repositories(handlers);
    }
}
