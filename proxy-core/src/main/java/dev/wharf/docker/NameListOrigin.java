package dev.wharf.docker;

import dev.wharf.upstream.UpstreamStatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.cache.MetadataOrigin;
import dev.wharf.cache.OriginResult;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.meta.CachedEntry;
import dev.wharf.upstream.UpstreamProtocolException;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gets a paginated name list from a Docker remote for the freshness policy: a repository's tags
 * ({@code tags/list}, field {@code tags}) or the registry's catalog ({@code _catalog}, field
 * {@code repositories}). Every page the upstream links to ({@code Link: <...>; rel="next"}) is read, up to
 * {@value #MAX_PAGES}, so Wharf can page the whole list itself; the sorted list is stored as one small blob.
 * A revalidation reads the list again and is "not modified" when it is the same.
 */
final class NameListOrigin implements MetadataOrigin {
    static final int MAX_PAGES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

    private final RemoteDockerRepository remote;
    private final URI first;
    private final String field;
    private final String path;
    private final ImageName scopeName;
    private final ManifestOrigin.Stores stores;

    /**
     * @param field     {@code tags} or {@code repositories}
     * @param path      where the list is recorded
     * @param scopeName the image whose pull scope the token needs, or null for the catalog
     */
    NameListOrigin(RemoteDockerRepository remote, URI first, String field, String path, ImageName scopeName,
                   ManifestOrigin.Stores stores) {
        this.remote = remote;
        this.first = first;
        this.field = field;
        this.path = path;
        this.scopeName = scopeName;
        this.stores = stores;
    }

    /** The names of a stored list. */
    static List<String> names(byte[] stored, String field) throws IOException {
        JsonNode list = JSON.readTree(stored).path(field);
        return list.isArray() ? java.util.stream.StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).toList()
                : List.of();
    }

    @Override
    public CompletableFuture<OriginResult> fetch() {
        return read(first, new TreeSet<>(), 1).thenCompose(names -> names == null
                ? CompletableFuture.completedFuture(new OriginResult.Missing("the upstream answered 404"))
                : store(names).thenApply(OriginResult.Stored::new));
    }

    @Override
    public CompletableFuture<OriginResult> revalidate(CachedEntry stale) {
        return read(first, new TreeSet<>(), 1).thenCompose(names -> {
            if (names == null) {
                return CompletableFuture.completedFuture(new OriginResult.Missing("the upstream answered 404"));
            }
            if (Digest.sha256Of(encode(names)).equals(stale.digest())) {
                return CompletableFuture.completedFuture(new OriginResult.NotModified());
            }
            return store(names).thenApply(OriginResult.Stored::new);
        });
    }

    /** Reads the page at {@code uri} and those after it; null when the upstream does not have the list. */
    private CompletableFuture<TreeSet<String>> read(URI uri, TreeSet<String> names, int page) {
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ACCEPT, "application/json");
        UpstreamRequest get = remote.request(HttpMethod.GET, uri, headers, scopeName, Purpose.METADATA, null);
        return remote.upstream().execute(get).thenCompose(response -> {
            int status = response.status();
            if (status == 404 || status == 401) {
                response.close();
                return CompletableFuture.completedFuture(null);
            }
            if (status != 200) {
                response.close();
                throw new UpstreamStatusException(status, field + " list");
            }
            String link = response.headers().get("Link");
            return ByteSources.readAll(response.body(), stores.maxManifestBytes(), field + " list").whenComplete((b, e) -> response.close())
                    .thenCompose(body -> {
                        addNames(body, names);
                        Matcher next = link == null ? null : NEXT.matcher(link);
                        if (next != null && next.find() && page < MAX_PAGES) {
                            return read(remote.resolve(next.group(1)), names, page + 1);
                        }
                        return CompletableFuture.completedFuture(names);
                    });
        });
    }

    private void addNames(byte[] body, TreeSet<String> names) {
        try {
            JsonNode list = JSON.readTree(body).path(field);
            if (list.isArray()) {
                list.forEach(n -> {
                    if (n.isTextual()) {
                        names.add(n.asText());
                    }
                });
            }
        } catch (IOException e) {
            throw new UpstreamProtocolException("the upstream's " + field + " list is not JSON", null);
        }
    }

    private byte[] encode(TreeSet<String> names) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray(field);
        names.forEach(list::add);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory", e);
        }
    }

    private CompletableFuture<CachedEntry> store(TreeSet<String> names) {
        byte[] bytes = encode(names);
        Digest digest = Digest.sha256Of(bytes);
        Instant now = stores.clock().instant();
        CachedEntry entry = new CachedEntry(remote.key(), path, "", digest, bytes.length, "application/json", null, null, now, now);
        return stores.bytes().put(digest, bytes)
                .thenCompose(d -> stores.metadata().putEntry(entry))
                .thenApply(v -> entry);
    }
}
