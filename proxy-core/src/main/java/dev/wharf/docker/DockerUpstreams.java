package dev.wharf.docker;

import dev.wharf.upstream.Upstream;
import dev.wharf.upstream.UpstreamClient;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link Upstream} per Docker remote, made on first use from its settings; the client closes them. */
final class DockerUpstreams {
    private final UpstreamClient client;
    private final ConcurrentMap<String, Upstream> byKey = new ConcurrentHashMap<>();

    DockerUpstreams(UpstreamClient client) {
        this.client = client;
    }

    Upstream of(RemoteDockerRepository repo) {
        return byKey.computeIfAbsent(repo.key(), key -> client.remote(repo.upstreamSettings()));
    }
}
