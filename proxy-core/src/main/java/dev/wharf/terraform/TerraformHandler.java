package dev.wharf.terraform;

import dev.wharf.codec.Glob;
import dev.wharf.codec.Printable;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.codec.terraform.MirrorDocuments;
import dev.wharf.codec.terraform.ProviderAddress;
import dev.wharf.codec.terraform.ServiceDiscovery;
import dev.wharf.codec.terraform.TerraformNameException;
import dev.wharf.codec.terraform.TerraformPath;
import dev.wharf.format.FileServer;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Serves one Terraform repository of any type under {@code /repository/<key>/}: parses the path
 * ({@link TerraformPath}: a bad name is a 400, an unknown shape a 404), refuses what the blocklist matches
 * (patterns against {@code <ns>/<type>} and {@code <ns>/<type>/<file>}) with a 403, renders both protocols from
 * the repository's {@link ProviderSource}, and sends a local's (or a virtual's {@code deployTo}) writes to it.
 */
final class TerraformHandler implements RepositoryHandler {
    private static final Pattern HOST = Pattern.compile("[0-9A-Za-z.\\[\\]:-]{1,300}");

    private final String key;
    private final ProviderSource source;
    private final Optional<LocalProviders> writes;
    private final FileServer server;
    private final List<Glob> blocklist;
    private final String kind;

    TerraformHandler(String key, ProviderSource source, Optional<LocalProviders> writes, FileServer server, List<String> blocklist,
                     String kind) {
        this.key = key;
        this.source = source;
        this.writes = writes;
        this.server = server;
        this.blocklist = blocklist.stream().map(Glob::new).toList();
        this.kind = kind;
    }

    @Override
    public void error(Exchange exchange, HttpResponseStatus status, String message) {
        TerraformResponses.error(exchange, status, message);
    }

    @Override
    public void handle(Exchange exchange, RepositoryPath path) {
        Optional<TerraformPath> parsed;
        try {
            parsed = TerraformPath.parse(path.segments());
        } catch (TerraformNameException e) {
            TerraformResponses.error(exchange, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (parsed.isEmpty() || path.directory()) {
            TerraformResponses.error(exchange, HttpResponseStatus.NOT_FOUND, "no such path in Terraform repository " + key + ": "
                    + Printable.of(path.path()) + " (expected the provider registry or network mirror protocol)");
            return;
        }
        TerraformPath request = parsed.get();
        if (blocked(request)) {
            TerraformResponses.error(exchange, HttpResponseStatus.FORBIDDEN, Printable.of(path.path()) + " is blocked in repository " + key);
            return;
        }
        if (exchange.isRead()) {
            read(exchange, request);
        } else if (request instanceof TerraformPath.Archive archive && path.segments().size() == 3
                && (exchange.method().equals(HttpMethod.PUT) || exchange.method().equals(HttpMethod.DELETE))) {
            if (writes.isEmpty()) {
                TerraformResponses.error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed: "
                        + kind + " repository " + key + " takes no packages");
            } else if (exchange.method().equals(HttpMethod.PUT)) {
                writes.get().put(exchange, archive);
            } else {
                writes.get().delete(exchange, archive);
            }
        } else {
            TerraformResponses.error(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed here "
                    + "(expected GET or HEAD; PUT and DELETE of <namespace>/<type>/<package>.zip in a local repository)");
        }
    }

    private void read(Exchange exchange, TerraformPath request) {
        if (request instanceof TerraformPath.Discovery) {
            TerraformResponses.document(exchange, TerraformResponses.JSON,
                    ServiceDiscovery.render("/repository/" + key + "/v1/providers/"), null);
        } else if (request instanceof TerraformPath.Versions versions) {
            respond(exchange, source.versions(versions.provider()), v -> v.render(), "the versions of " + versions.provider().path());
        } else if (request instanceof TerraformPath.Download download) {
            Optional<String> origin = origin(exchange);
            if (origin.isEmpty()) {
                TerraformResponses.error(exchange, HttpResponseStatus.BAD_REQUEST, "no usable Host header: download URLs point at it");
                return;
            }
            respond(exchange, source.download(download.provider(), download.file(), origin.get()), d -> d.render(),
                    download.file().fileName());
        } else if (request instanceof TerraformPath.Shasums sums) {
            respond(exchange, source.shasums(sums.provider(), sums.version(), sums.signature()), b -> b,
                    sums.signature() ? "application/pgp-signature" : "text/plain; charset=utf-8",
                    "SHA256SUMS of " + sums.provider().path() + " " + sums.version());
        } else if (request instanceof TerraformPath.MirrorIndex index) {
            respond(exchange, source.versions(index.provider()),
                    v -> MirrorDocuments.index(v.versions().stream().map(x -> x.version()).toList()), "the versions of "
                            + index.provider().path());
        } else if (request instanceof TerraformPath.MirrorVersion version) {
            respond(exchange, source.archives(version.provider(), version.version()), MirrorDocuments::version,
                    version.provider().path() + " " + version.version());
        } else {
            TerraformPath.Archive archive = (TerraformPath.Archive) request;
            server.serve(exchange, () -> source.archive(archive, exchange.isHead()), source::forget);
        }
    }

    private <T> void respond(Exchange exchange, CompletableFuture<Optional<Fetched<T>>> found, Function<T, byte[]> render,
                             String what) {
        respond(exchange, found, render, TerraformResponses.JSON, what);
    }

    private <T> void respond(Exchange exchange, CompletableFuture<Optional<Fetched<T>>> found, Function<T, byte[]> render,
                             String contentType, String what) {
        exchange.when(found, (value, err) -> {
            if (err != null) {
                TerraformResponses.failure(exchange, err, what);
            } else if (value.isEmpty()) {
                TerraformResponses.error(exchange, HttpResponseStatus.NOT_FOUND, "repository " + key + " has no " + what);
            } else {
                exchange.cacheStatus(value.get().status());
                TerraformResponses.document(exchange, contentType, render.apply(value.get().value()), value.get().warning());
            }
        });
    }

    private boolean blocked(TerraformPath request) {
        ProviderAddress provider = provider(request);
        if (provider == null || blocklist.isEmpty()) {
            return false;
        }
        String name = request instanceof TerraformPath.Archive archive ? archive.storagePath() : null;
        return blocklist.stream().anyMatch(glob -> glob.matches(provider.path()) || (name != null && glob.matches(name)));
    }

    private static ProviderAddress provider(TerraformPath request) {
        if (request instanceof TerraformPath.Versions v) {
            return v.provider();
        } else if (request instanceof TerraformPath.Download d) {
            return d.provider();
        } else if (request instanceof TerraformPath.Shasums s) {
            return s.provider();
        } else if (request instanceof TerraformPath.MirrorIndex i) {
            return i.provider();
        } else if (request instanceof TerraformPath.MirrorVersion m) {
            return m.provider();
        } else if (request instanceof TerraformPath.Archive a) {
            return a.provider();
        }
        return null;
    }

    /** {@code http(s)://<Host>}, the address the client reached Wharf at. */
    private static Optional<String> origin(Exchange exchange) {
        String host = exchange.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null || !HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        return Optional.of((exchange.isSecure() ? "https://" : "http://") + host);
    }
}
