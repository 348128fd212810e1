package dev.wharf.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Glob;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.Reference;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.upstream.Upstream;
import dev.wharf.upstream.Purpose;
import dev.wharf.upstream.UpstreamRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A Docker remote repository: its upstream, the names it knows images by there, its freshness and its
 * blocklist. Names are kept as the upstream knows them ({@link #upstreamName}): cache paths and blocklist
 * patterns use that form, so {@code alpine} and {@code library/alpine} on Docker Hub are one image, cached
 * once and blocked alike.
 */
final class RemoteDockerRepository {
    private static final List<String> DOCKER_HUB_HOSTS = List.of("registry-1.docker.io", "docker.io", "index.docker.io");
    /** Where Docker Hub sends clients for their bearer tokens. */
    private static final List<String> DOCKER_HUB_TOKEN_REALMS = List.of("auth.docker.io");

    private final RepositoryConfig config;
    private final Upstream upstream;
    private final String base;
    private final List<Glob> blocklist;
    private final String host;
    private final boolean dockerHub;

    RemoteDockerRepository(RepositoryConfig config, Upstream upstream) {
        this.config = config;
        this.upstream = upstream;
        String url = config.url().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.blocklist = config.blocklist().stream().map(Glob::new).toList();
        this.host = config.url().getHost().toLowerCase(Locale.ROOT);
        this.dockerHub = DOCKER_HUB_HOSTS.contains(host);
    }

    /** The token realms a remote's upstream is known to use: Docker Hub's token service for Docker Hub. */
    static List<String> impliedTokenRealms(RepositoryConfig config) {
        return DOCKER_HUB_HOSTS.contains(config.url().getHost().toLowerCase(Locale.ROOT)) ? DOCKER_HUB_TOKEN_REALMS : List.of();
    }

    String key() {
        return config.key();
    }

    Duration metadataTtl() {
        return config.metadataTtl();
    }

    Duration negativeTtl() {
        return config.negativeTtl();
    }

    /** The timeout of a revalidation: short, so that a stale copy is served promptly when the upstream hangs. */
    Duration revalidationTimeout() {
        return config.upstream().revalidationTimeout();
    }

    Upstream upstream() {
        return upstream;
    }

    /** The upstream host, as containerd's {@code ns} names registries. */
    String host() {
        return host;
    }

    /** True when {@code ns} (a registry host, maybe with a port, as containerd sends it) names this upstream. */
    boolean servesNamespace(String ns) {
        String wanted = ns.toLowerCase(Locale.ROOT);
        int port = config.url().getPort();
        if (wanted.equals(host()) || (port >= 0 && wanted.equals(host() + ":" + port))) {
            return true;
        }
        return isDockerHub() && DOCKER_HUB_HOSTS.contains(wanted);
    }

    /** True when the upstream name matches a blocklist pattern. */
    boolean isBlocked(ImageName upstreamName) {
        return blocklist.stream().anyMatch(glob -> glob.matches(upstreamName.value()));
    }

    /** The name as the upstream knows it: Docker Hub puts single-component names under {@code library/}. */
    ImageName upstreamName(ImageName name) {
        return isDockerHub() ? name.withLibraryPrefix() : name;
    }

    /** A request to this upstream; {@code timeout} overrides the read timeout, or is null for the remote's own. */
    UpstreamRequest request(HttpMethod method, URI uri, HttpHeaders headers, ImageName upstreamName,
                            Purpose purpose, Duration timeout) {
        return new UpstreamRequest(method, uri, headers, pullScope(upstreamName), purpose, timeout);
    }

    /** The token scope for pulling {@code upstreamName}; for the catalog, the registry scope. */
    private static String pullScope(ImageName upstreamName) {
        return upstreamName == null ? "registry:catalog:*" : "repository:" + upstreamName.value() + ":pull";
    }

    URI manifestUri(ImageName upstreamName, Reference reference) {
        return URI.create(base + "/v2/" + upstreamName.value() + "/manifests/" + reference);
    }

    URI blobUri(ImageName upstreamName, Digest digest) {
        return URI.create(base + "/v2/" + upstreamName.value() + "/blobs/" + digest);
    }

    URI tagsUri(ImageName upstreamName) {
        return URI.create(base + "/v2/" + upstreamName.value() + "/tags/list");
    }

    URI catalogUri() {
        return URI.create(base + "/v2/_catalog");
    }

    /** Resolves a {@code Link} target of a paginated upstream answer against the upstream's base. */
    URI resolve(String link) {
        return URI.create(base + "/").resolve(link);
    }

    private boolean isDockerHub() {
        return dockerHub;
    }
}
