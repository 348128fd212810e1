package dev.wharf.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.cache.FreshnessPolicy;
import dev.wharf.cache.Negotiation;
import dev.wharf.cache.Resolution;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.TagPage;
import dev.wharf.server.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tags/list} and {@code /v2/_catalog}, paged by Wharf with {@code n}, {@code last} and a {@code Link}
 * header as the distribution spec says, over lists gathered whole: a remote's are the upstream's, cached as
 * mutable metadata under the freshness policy; a remote whose upstream has no catalog (Docker Hub) adds
 * nothing to the catalog. Locals and virtuals gather theirs elsewhere ({@link DockerCatalog}).
 */
final class NameListService {
    private static final Logger LOG = LoggerFactory.getLogger(NameListService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CATALOG_PATH = "_catalog";

    private final FreshnessPolicy freshness;
    private final ManifestOrigin.Stores stores;

    NameListService(FreshnessPolicy freshness, ManifestOrigin.Stores stores) {
        this.freshness = freshness;
        this.stores = stores;
    }

    /** Answers {@code GET /v2/<requested>/tags/list} for {@code name} of {@code remote}. */
    void tags(Exchange exchange, RemoteDockerRepository remote, ImageName requested, ImageName name) {
        respondTags(exchange, requested, remoteTags(remote, name).thenApply(Optional::of));
    }

    /** The whole tag list of {@code name} in {@code remote}, sorted: the upstream's, through the freshness policy. */
    CompletableFuture<List<String>> remoteTags(RemoteDockerRepository remote, ImageName name) {
        ImageName upstreamName = remote.upstreamName(name);
        String path = upstreamName.value() + "/tags/list";
        NameListOrigin origin = new NameListOrigin(remote, remote.tagsUri(upstreamName), "tags", path, upstreamName, stores);
        return list(remote, path, origin, "tags");
    }

    /**
     * Answers {@code GET /v2/<requested>/tags/list} with a page of {@code tags} (sorted, distinct); an empty
     * optional means the name is unknown.
     */
    void respondTags(Exchange exchange, ImageName requested, CompletableFuture<Optional<List<String>>> tags) {
        Optional<Page> page = page(exchange);
        if (page.isEmpty()) {
            return;
        }
        exchange.when(tags, (names, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.NAME_UNKNOWN, "the tags of " + requested);
            } else if (names.isEmpty()) {
                DockerResponses.error(exchange, ErrorCode.NAME_UNKNOWN, "no image " + requested);
            } else {
                respond(exchange, "/v2/" + requested + "/tags/list", "tags", names.get(), page.get(), requested.value());
            }
        });
    }

    /** The names of a remote's upstream catalog, sorted; none when the upstream has no catalog (Docker Hub). */
    CompletableFuture<List<String>> remoteCatalog(RemoteDockerRepository remote) {
        NameListOrigin origin = new NameListOrigin(remote, remote.catalogUri(), "repositories", CATALOG_PATH, null, stores);
        return list(remote, CATALOG_PATH, origin, "repositories").exceptionally(e -> {
            LOG.debug("no catalog from remote {}: {}", remote.key(), e.toString());
            return List.of();
        });
    }

    /** Answers {@code GET /v2/_catalog} with a page of {@code names} (path-mode names, sorted and distinct). */
    void respondCatalog(Exchange exchange, CompletableFuture<List<String>> names) {
        Optional<Page> page = page(exchange);
        if (page.isEmpty()) {
            return;
        }
        exchange.when(names, (all, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.NAME_UNKNOWN, "the catalog");
                return;
            }
            respond(exchange, "/v2/_catalog", "repositories", all, page.get(), null);
        });
    }

    private CompletableFuture<List<String>> list(RemoteDockerRepository remote, String path, NameListOrigin origin, String field) {
        FreshnessPolicy.Request request = new FreshnessPolicy.Request(remote.key(), path, Negotiation.NONE,
                remote.metadataTtl(), remote.negativeTtl());
        return freshness.resolve(request, origin)
                .thenCompose(resolution -> stores.bytes().get(((Resolution.Entry) resolution).entry().digest()))
                .thenApply(bytes -> {
                    try {
                        return NameListOrigin.names(bytes, field).stream().sorted().distinct().toList();
                    } catch (IOException e) {
                        throw new IllegalStateException("a stored " + field + " list is not JSON", e);
                    }
                });
    }

    /** What the client asked for: {@code n} and {@code last}; answers the error and returns empty for a bad {@code n}. */
    private record Page(Optional<Integer> n, Optional<String> last) {
    }

    private static Optional<Page> page(Exchange exchange) {
        Optional<String> n = exchange.query("n");
        Optional<Integer> size = Optional.empty();
        if (n.isPresent() && !n.get().isEmpty()) {
            try {
                size = Optional.of(Integer.parseInt(n.get()));
            } catch (NumberFormatException e) {
                size = Optional.of(-1);
            }
            if (size.get() < 0) {
                DockerResponses.error(exchange, ErrorCode.PAGINATION_NUMBER_INVALID,
                        "n: " + dev.wharf.codec.Printable.of(n.get()) + " (expected: a whole number, 0 or more)");
                return Optional.empty();
            }
        }
        return Optional.of(new Page(size, exchange.query("last")));
    }

    private static void respond(Exchange exchange, String route, String field, List<String> names, Page page, String name) {
        TagPage result = TagPage.of(names, page.n(), page.last());
        ObjectNode body = JSON.createObjectNode();
        if (name != null) {
            body.put("name", name);
        }
        result.names().forEach(body.putArray(field)::add);
        HttpHeaders headers = DockerResponses.headers();
        result.next().ifPresent(last -> headers.set("Link", "<" + route + "?n=" + result.names().size()
                + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\""));
        try {
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory", e);
        }
    }
}
