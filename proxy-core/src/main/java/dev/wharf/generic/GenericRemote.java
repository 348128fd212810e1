package dev.wharf.generic;

import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.FileServer;
import dev.wharf.format.Found;
import dev.wharf.format.RemoteFiles;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;

/** A generic remote: a pull-through cache of an HTTP file tree, read-only. */
final class GenericRemote implements GenericRepository {
    private final RemoteFiles files;
    private final FileServer server;

    GenericRemote(RemoteFiles files, FileServer server) {
        this.files = files;
        this.server = server;
    }

    @Override
    public String key() {
        return files.key();
    }

    @Override
    public CompletableFuture<Found> find(RepositoryPath path, boolean head) {
        return files.find(path, head);
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return files.forget(entry);
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        if (!exchange.isRead()) {
            exchange.error(HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed: remote repository "
                    + key() + " is read-only");
            return;
        }
        if (files.isBlocked(path)) {
            exchange.error(HttpResponseStatus.FORBIDDEN, path.path() + " is blocked in repository " + key());
            return;
        }
        server.serve(exchange, () -> find(path, exchange.isHead()), this::forget);
    }
}
