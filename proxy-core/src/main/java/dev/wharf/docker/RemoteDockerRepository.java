package dev.wharf.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Glob;
import dev.wharf.codec.docker.ImageName;
import dev.wharf.codec.docker.Reference;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.upstream.RemoteSettings;
import dev.wharf.upstream.UpstreamCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** A Docker remote repository: its upstream addresses, credentials, freshness and blocklist. */
public final class RemoteDockerRepository {
    private static final List<String> DOCKER_HUB_HOSTS = List.of("registry-1.docker.io", "docker.io", "index.docker.io");
    /** Where Docker Hub sends clients for their bearer tokens. */
    private static final List<String> DOCKER_HUB_TOKEN_REALMS = List.of("auth.docker.io");

    private final RepositoryConfig config;
    private final String base;
    private final List<Glob> blocklist;
    private final UpstreamCredentials credentials;

    public RemoteDockerRepository(RepositoryConfig config) {
        this.config = config;
        String url = config.url().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.blocklist = config.blocklist().stream().map(Glob::new).toList();
        this.credentials = config.username() == null ? null : new UpstreamCredentials(config.username(), config.password());
    }

    public String key() {
        return config.key();
    }

    public Duration metadataTtl() {
        return config.metadataTtl();
    }

    public Duration negativeTtl() {
        return config.negativeTtl();
    }

    /** The upstream host, used to match containerd's {@code ns} parameter. */
    public String host() {
        return config.url().getHost().toLowerCase(Locale.ROOT);
    }

    /** True when {@code ns} (a registry host as containerd sends it) names this upstream. */
    public boolean servesNamespace(String ns) {
        String wanted = ns.toLowerCase(Locale.ROOT);
        if (wanted.equals(host()) || wanted.equals(host() + ":" + config.url().getPort())) {
            return true;
        }
        return isDockerHub() && DOCKER_HUB_HOSTS.contains(wanted);
    }

    /** True when the image name matches a blocklist pattern. */
    public boolean isBlocked(ImageName name) {
        return blocklist.stream().anyMatch(glob -> glob.matches(name.value()));
    }

    /**
     * How to reach the upstream: its URL and credentials, Docker Hub's token service as a token realm, and
     * the default connection limits and timeouts.
     */
    public RemoteSettings upstreamSettings() {
        return RemoteSettings.of(config.url()).withCredentials(credentials)
                .withTokenRealms(isDockerHub() ? DOCKER_HUB_TOKEN_REALMS : List.of());
    }

    /** The name as the upstream knows it: Docker Hub puts single-component names under {@code library/}. */
    public ImageName upstreamName(ImageName name) {
        return isDockerHub() ? name.withLibraryPrefix() : name;
    }

    /** The token scope for pulling {@code name}. */
    public String pullScope(ImageName name) {
        return "repository:" + upstreamName(name).value() + ":pull";
    }

    public URI manifestUri(ImageName name, Reference reference) {
        return URI.create(base + "/v2/" + upstreamName(name).value() + "/manifests/" + reference);
    }

    public URI blobUri(ImageName name, Digest digest) {
        return URI.create(base + "/v2/" + upstreamName(name).value() + "/blobs/" + digest);
    }

    private boolean isDockerHub() {
        return DOCKER_HUB_HOSTS.contains(host());
    }
}
