package dev.wharf.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.codec.Digest;
import dev.wharf.codec.docker.ErrorCode;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.ManifestDocument;
import dev.wharf.codec.docker.MediaTypes;
import dev.wharf.server.Exchange;
import dev.wharf.storage.meta.CachedEntry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The OCI 1.1 referrers API of local repositories: {@code GET /v2/<name>/referrers/<digest>} answers an image
 * index of the manifests pushed with that {@code subject} (an empty one when there are none: a registry with the
 * API never answers 404 here), each descriptor with its {@code artifactType} and annotations; {@code ?artifactType=}
 * filters, and {@code OCI-Filters-Applied} says so.
 */
final class ReferrersService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILTERS_HEADER = "OCI-Filters-Applied";

    private final MetadataBytes bytes;

    ReferrersService(MetadataBytes bytes) {
        this.bytes = bytes;
    }

    /** A referrer as the index lists it. */
    private record Referrer(CachedEntry row, ManifestDocument document) {
    }

    /** Answers from the referrers of {@code subject} in {@code name} of every repository of {@code repos}, first wins. */
    void list(Exchange exchange, List<LocalDockerRepository> repos, ImageName name, Digest subject) {
        Optional<String> artifactType = exchange.query("artifactType");
        List<CompletableFuture<List<Referrer>>> parts = new ArrayList<>();
        for (LocalDockerRepository repo : repos) {
            parts.add(repo.referrers(name, subject).thenCompose(this::read));
        }
        CompletableFuture<List<Referrer>> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    Map<Digest, Referrer> byDigest = new LinkedHashMap<>();
                    parts.forEach(p -> p.join().forEach(r -> byDigest.putIfAbsent(r.row().digest(), r)));
                    return List.copyOf(byDigest.values());
                });
        exchange.when(all, (referrers, err) -> {
            if (err != null) {
                DockerResponses.failure(exchange, err, ErrorCode.MANIFEST_UNKNOWN, "the referrers of " + name + "@" + subject);
                return;
            }
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            ArrayNode manifests = index.putArray("manifests");
            for (Referrer referrer : referrers) {
                Optional<String> type = referrer.document().artifactType();
                if (artifactType.isPresent() && !artifactType.get().equals(type.orElse(null))) {
                    continue;
                }
                ObjectNode descriptor = manifests.addObject();
                descriptor.put("mediaType", referrer.document().mediaType());
                descriptor.put("digest", referrer.row().digest().toString());
                descriptor.put("size", referrer.row().size());
                type.ifPresent(t -> descriptor.put("artifactType", t));
                if (!referrer.document().annotations().isEmpty()) {
                    ObjectNode annotations = descriptor.putObject("annotations");
                    referrer.document().annotations().forEach(annotations::put);
                }
            }
            HttpHeaders headers = DockerResponses.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.OCI_INDEX);
            artifactType.ifPresent(t -> headers.set(FILTERS_HEADER, "artifactType"));
            try {
                exchange.respond(HttpResponseStatus.OK, headers, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(index)));
            } catch (IOException e) {
                throw new IllegalStateException("writing JSON to memory", e);
            }
        });
    }

    /** Reads each referrer's manifest; one whose bytes are gone or unreadable is left out. */
    private CompletableFuture<List<Referrer>> read(List<CachedEntry> rows) {
        List<CompletableFuture<Optional<Referrer>>> reads = new ArrayList<>();
        for (CachedEntry row : rows) {
            reads.add(bytes.get(row.digest()).thenApply(body -> {
                try {
                    return Optional.of(new Referrer(row, ManifestDocument.parse(body, row.mediaType())));
                } catch (ManifestDocument.InvalidManifestException e) {
                    return Optional.<Referrer>empty();
                }
            }).exceptionally(e -> Optional.empty()));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(v -> reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
    }
}
