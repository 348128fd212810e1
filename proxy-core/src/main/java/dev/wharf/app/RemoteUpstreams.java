package dev.wharf.app;

import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.UpstreamConfig;
import dev.wharf.format.UpstreamFactory;
import dev.wharf.server.WharfMetrics;
import dev.wharf.upstream.ExchangeEvent;
import dev.wharf.upstream.PoolStats;
import dev.wharf.upstream.RemoteSettings;
import dev.wharf.upstream.Upstream;
import dev.wharf.upstream.UpstreamClient;
import dev.wharf.upstream.UpstreamCredentials;
import dev.wharf.upstream.UpstreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Makes each remote repository's {@link Upstream} from its configuration (url, credentials, the
 * {@code upstream} limits and timeouts, {@code tokenRealms}), and reports every exchange and connection pool to
 * the metrics: latency and errors by host, pool use by host and purpose, registered when a pool first
 * carries a request (remotes sharing an upstream host share its gauges: the first one's pool is shown), and the
 * body bytes received by repository.
 */
final class RemoteUpstreams implements UpstreamFactory {
    private final UpstreamClient client;
    private final WharfMetrics metrics;
    private final Set<String> registeredPools = ConcurrentHashMap.newKeySet();

    RemoteUpstreams(UpstreamClient client, WharfMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    public Upstream upstream(RepositoryConfig remote, List<String> impliedTokenRealms) {
        UpstreamConfig limits = remote.upstream();
        List<String> realms = new ArrayList<>(remote.tokenRealms());
        impliedTokenRealms.stream().filter(r -> !realms.contains(r)).forEach(realms::add);
        RemoteSettings settings = RemoteSettings.of(remote.url())
                .withConnections(limits.maxConnections(), limits.maxBlobConnections())
                .withConnectTimeout(limits.connectTimeout())
                .withReadTimeout(limits.readTimeout())
                .withTokenRealms(realms)
                .withCredentials(remote.username() == null ? null : new UpstreamCredentials(remote.username(), remote.password()));
        Upstream[] made = new Upstream[1];
        made[0] = client.remote(settings, new UpstreamListener() {
            @Override
            public void exchanged(ExchangeEvent event) {
                observe(event, made[0]);
            }

            @Override
            public void received(int bytes) {
                metrics.upstreamReceived(remote.key(), bytes);
            }
        });
        return made[0];
    }

    private void observe(ExchangeEvent event, Upstream upstream) {
        String outcome = event.failure() != null ? event.failure().name().toLowerCase(Locale.ROOT)
                : Integer.toString(event.status());
        String purpose = event.purpose().name().toLowerCase(Locale.ROOT);
        metrics.upstreamRequest(event.origin(), event.method().name(), purpose, outcome, event.latency().toNanos());
        if (upstream != null && registeredPools.add(event.origin() + " " + purpose)) {
            metrics.registerUpstreamPool(event.origin(), purpose, () -> stat(upstream, event, PoolStats::max),
                    () -> stat(upstream, event, PoolStats::acquired), () -> stat(upstream, event, PoolStats::pending));
        }
    }

    private static int stat(Upstream upstream, ExchangeEvent event, ToIntFunction<PoolStats> field) {
        return upstream.poolStats().stream()
                .filter(p -> p.origin().equals(event.origin()) && p.purpose() == event.purpose())
                .mapToInt(field).sum();
    }
}
