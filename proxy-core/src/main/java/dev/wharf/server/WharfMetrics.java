package dev.wharf.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Wharf's meters, in a Prometheus registry of their own (one per server). Names are Prometheus style,
 * in base units (seconds, bytes); Micrometer adds {@code _total} to counters and the unit to the name.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>labels</th><th>what</th></tr>
 *   <tr><td>{@code wharf_requests_total}</td><td>counter</td><td>repository, format, method, status, cache</td>
 *       <td>completed requests (an aborted one too, with the status it had sent)</td></tr>
 *   <tr><td>{@code wharf_request_duration_seconds}</td><td>histogram</td><td>repository, format, method, cache</td>
 *       <td>request head read to response done; buckets 1 ms to 5 min</td></tr>
 *   <tr><td>{@code wharf_responses_aborted_total}</td><td>counter</td><td>repository, format, cache</td>
 *       <td>responses cut short (client gone, failed write, transfer aborted)</td></tr>
 *   <tr><td>{@code wharf_served_bytes_total}</td><td>counter</td><td>repository, cache</td>
 *       <td>body bytes written to clients' sockets (the access log's count)</td></tr>
 *   <tr><td>{@code wharf_upstream_received_bytes_total}</td><td>counter</td><td>repository</td>
 *       <td>response body bytes received from a remote repository's upstream (token requests included)</td></tr>
 *   <tr><td>{@code wharf_fills_active}</td><td>gauge</td><td></td><td>fills running</td></tr>
 *   <tr><td>{@code wharf_fills_in_flight_bytes}</td><td>gauge</td><td></td>
 *       <td>bytes fills have received and not yet committed</td></tr>
 *   <tr><td>{@code wharf_upstream_request_duration_seconds}</td><td>histogram</td><td>host, method, purpose, outcome</td>
 *       <td>upstream requests, to response head or failure; outcome is the status or an error kind</td></tr>
 *   <tr><td>{@code wharf_upstream_errors_total}</td><td>counter</td><td>host, purpose, outcome</td>
 *       <td>upstream requests that failed (an error kind) or answered 5xx</td></tr>
 *   <tr><td>{@code wharf_upstream_pool_max_connections}, {@code _acquired_connections},
 *       {@code wharf_upstream_pool_pending_requests}</td><td>gauges</td><td>host, purpose</td>
 *       <td>upstream connection pools: limit, in use, requests waiting for one</td></tr>
 *   <tr><td>{@code wharf_log_events_dropped_total}</td><td>counter</td><td>stream (app, access)</td>
 *       <td>log events dropped because the output could not keep up</td></tr>
 *   <tr><td>{@code wharf_netty_allocator_used_bytes}, {@code wharf_netty_allocator_pinned_bytes},
 *       {@code wharf_netty_direct_memory_used_bytes}</td><td>gauges</td><td>allocator, area</td>
 *       <td>Netty buffer memory (see {@link NettyMemoryMetrics})</td></tr>
 *   <tr><td>{@code jvm_*}, {@code process_*}, {@code system_*}</td><td></td><td></td>
 *       <td>Micrometer's JVM memory, GC, threads, class loading, CPU, open files and uptime</td></tr>
 * </table>
 *
 * <p>Label values are bounded: methods other than the standard ones are counted as {@code OTHER}, and
 * repository and format are only what handlers set with {@link Exchange#describe} ({@code -} otherwise).
 * Recording is thread-safe and does not block; {@link #scrape} reads counters and MXBeans (which on Linux
 * read {@code /proc}), so call it off the event loops.
 */
public final class WharfMetrics implements RequestObserver, AutoCloseable {
    /** The Prometheus text format's content type. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** The OpenMetrics text format's content type. */
    public static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS");
    private static final Duration[] REQUEST_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<RequestLabels, RequestMeters> requestMeters = new ConcurrentHashMap<>();
    /** What function counters read, which Micrometer references only weakly. */
    private final List<Object> keptAlive = new CopyOnWriteArrayList<>();
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Timer> durations;
    private final Meter.MeterProvider<Counter> aborted;
    private final Meter.MeterProvider<Counter> served;
    private final Meter.MeterProvider<Timer> upstreamDurations;
    private final Meter.MeterProvider<Counter> upstreamErrors;
    private final Map<String, Counter> upstreamReceived = new ConcurrentHashMap<>();

    public WharfMetrics() {
        requests = Counter.builder("wharf.requests").description("Completed requests").withRegistry(registry);
        durations = Timer.builder("wharf.request.duration").description("Request head read to response done")
                .serviceLevelObjectives(REQUEST_BUCKETS).withRegistry(registry);
        aborted = Counter.builder("wharf.responses.aborted").description("Responses cut short").withRegistry(registry);
        served = Counter.builder("wharf.served").description("Body bytes written to clients' sockets")
                .baseUnit(BaseUnits.BYTES).withRegistry(registry);
        upstreamDurations = Timer.builder("wharf.upstream.request.duration")
                .description("Upstream requests, to response head or failure").serviceLevelObjectives(REQUEST_BUCKETS)
                .withRegistry(registry);
        upstreamErrors = Counter.builder("wharf.upstream.errors").description("Upstream requests failed or answered 5xx")
                .withRegistry(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new NettyMemoryMetrics().bindTo(registry);
    }

    /** Counts a completed request; called by the {@link AccessLogHandler} on the channel's event loop. */
    @Override
    public void completed(CompletedRequest r) {
        CacheStatus cache = r.cache() == null ? CacheStatus.NONE : r.cache();
        String method = METHODS.contains(r.method()) ? r.method() : "OTHER";
        // The meters of a label set are looked up once: building tags per request cost more than the request.
        RequestLabels labels = new RequestLabels(r.repository(), r.format(), method, r.status(), cache);
        RequestMeters meters = requestMeters.get(labels);
        if (meters == null) {
            meters = requestMeters.computeIfAbsent(labels, this::meters);
        }
        meters.requests().increment();
        meters.duration().record(r.durationNanos(), TimeUnit.NANOSECONDS);
        if (r.aborted()) {
            meters.aborted().increment();
        }
        if (r.bytes() > 0) {
            meters.served().increment(r.bytes());
        }
    }

    /** The labels of a completed request; their values are bounded (see the type's description). */
    private record RequestLabels(String repository, String format, String method, int status, CacheStatus cache) {
        // Written out: a record's generated equals and hashCode run through method handles, slow until the JIT
        // has warmed up, and these run on every request.
        @Override
        public boolean equals(Object o) {
            return o instanceof RequestLabels l && status == l.status && cache == l.cache && repository.equals(l.repository)
                    && format.equals(l.format) && method.equals(l.method);
        }

        @Override
        public int hashCode() {
            return ((repository.hashCode() * 31 + format.hashCode()) * 31 + method.hashCode()) * 31 + status * 17 + cache.ordinal();
        }
    }

    /** The meters a completed request with given labels counts in. */
    private record RequestMeters(Counter requests, Timer duration, Counter aborted, Counter served) {
    }

    private RequestMeters meters(RequestLabels l) {
        String cache = l.cache().logName();
        return new RequestMeters(
                requests.withTags("repository", l.repository(), "format", l.format(), "method", l.method(),
                        "status", String.valueOf(l.status()), "cache", cache),
                durations.withTags("repository", l.repository(), "format", l.format(), "method", l.method(), "cache", cache),
                aborted.withTags("repository", l.repository(), "format", l.format(), "cache", cache),
                served.withTags("repository", l.repository(), "cache", cache));
    }

    /**
     * Records one upstream request: {@code outcome} is the response status ({@code "200"}) or the kind of
     * failure ({@code "timeout"}, {@code "connect"}, ...); {@code purpose} says what the request was for
     * (e.g. {@code manifest}, {@code blob}, {@code token}). Failures and 5xx also count as errors.
     */
    public void upstreamRequest(String host, String method, String purpose, String outcome, long nanos) {
        upstreamDurations.withTags("host", host, "method", method, "purpose", purpose, "outcome", outcome)
                .record(Duration.ofNanos(nanos));
        if (isError(outcome)) {
            upstreamErrors.withTags("host", host, "purpose", purpose, "outcome", outcome).increment();
        }
    }

    /** Counts {@code bytes} of response body received from the upstream of remote repository {@code repository}. */
    public void upstreamReceived(String repository, int bytes) {
        Counter counter = upstreamReceived.get(repository);
        if (counter == null) {
            counter = upstreamReceived.computeIfAbsent(repository, r -> Counter.builder("wharf.upstream.received")
                    .description("Response body bytes received from upstreams").baseUnit(BaseUnits.BYTES)
                    .tag("repository", r).register(registry));
        }
        counter.increment(bytes);
    }

    /**
     * What the meters counted per repository since this server started (repositories with no traffic are absent):
     * requests of any outcome; hits served from storage ({@code hit}, {@code revalidated}, {@code stale}); misses
     * that waited on a fill ({@code miss}, {@code fill-join}); body bytes served; body bytes from the upstream.
     */
    public Map<String, RepositoryCounts> repositoryCounts() {
        Map<String, long[]> sums = new TreeMap<>();
        Set<Counter> servedSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        requestMeters.forEach((labels, meters) -> {
            if (labels.repository().equals("-")) {
                return;
            }
            long[] sum = sums.computeIfAbsent(labels.repository(), r -> new long[5]);
            long count = (long) meters.requests().count();
            sum[0] += count;
            switch (labels.cache()) {
                case HIT, REVALIDATED, STALE -> sum[1] += count;
                case MISS, FILL_JOIN -> sum[2] += count;
                default -> { }
            }
            // Label sets differing in method or status share one served counter: count each once.
            if (servedSeen.add(meters.served())) {
                sum[3] += (long) meters.served().count();
            }
        });
        upstreamReceived.forEach((repository, counter) ->
                sums.computeIfAbsent(repository, r -> new long[5])[4] += (long) counter.count());
        Map<String, RepositoryCounts> counts = new TreeMap<>();
        sums.forEach((repository, s) -> counts.put(repository, new RepositoryCounts(s[0], s[1], s[2], s[3], s[4])));
        return counts;
    }

    /** One repository's counts, see {@link #repositoryCounts()}. */
    public record RepositoryCounts(long requests, long hits, long misses, long bytesServed, long bytesFromUpstream) {
        /** No traffic. */
        public static final RepositoryCounts NONE = new RepositoryCounts(0, 0, 0, 0, 0);
    }

    private static boolean isError(String outcome) {
        boolean status = outcome.length() == 3 && Character.isDigit(outcome.charAt(0))
                && Character.isDigit(outcome.charAt(1)) && Character.isDigit(outcome.charAt(2));
        return !status || outcome.charAt(0) == '5';
    }

    /**
     * Adds gauges for the upstream connection pool of {@code (host, purpose)}; returns what removes them
     * (call it when the pool closes: registering the same pair again keeps the first suppliers).
     */
    public Runnable registerUpstreamPool(String host, String purpose, IntSupplier max, IntSupplier acquired, IntSupplier pending) {
        Tags tags = Tags.of("host", host, "purpose", purpose);
        List<Gauge> gauges = List.of(
                Gauge.builder("wharf.upstream.pool.max", max::getAsInt).description("Connections the pool may open")
                        .tags(tags).baseUnit("connections").register(registry),
                Gauge.builder("wharf.upstream.pool.acquired", acquired::getAsInt).description("Connections in use")
                        .tags(tags).baseUnit("connections").register(registry),
                Gauge.builder("wharf.upstream.pool.pending", pending::getAsInt).description("Requests waiting for a connection")
                        .tags(tags).baseUnit("requests").register(registry));
        return () -> gauges.forEach(registry::remove);
    }

    /** Adds the gauge of running fills. */
    public void registerFills(IntSupplier active) {
        Gauge.builder("wharf.fills.active", active::getAsInt).description("Fills running").register(registry);
    }

    /** Adds the gauge of bytes fills have received and not yet committed. */
    public void registerFillBytesInFlight(LongSupplier bytes) {
        Gauge.builder("wharf.fills.in.flight", bytes::getAsLong).description("Bytes received by fills, not yet committed")
                .baseUnit(BaseUnits.BYTES).register(registry);
    }

    /** Adds the gauge of whether Redis coordination answers (1) or the replica coordinates in-process (0), and its outages. */
    public void registerCoordination(BooleanSupplier available, LongSupplier outages) {
        Gauge.builder("wharf.coordination.available", () -> available.getAsBoolean() ? 1 : 0)
                .description("1 while the shared coordination (Redis) answers, 0 while this replica coordinates in-process")
                .register(registry);
        // Micrometer holds a function counter's object weakly: keep the supplier alive as long as the registry.
        keptAlive.add(outages);
        FunctionCounter.builder("wharf.coordination.outages", outages, LongSupplier::getAsLong)
                .description("Times the shared coordination became unreachable").register(registry);
    }

    /** Adds the counter of log events one stream ({@code app}, {@code access}) dropped; {@code dropped} only grows. */
    public void registerDroppedLogEvents(String stream, LongSupplier dropped) {
        keptAlive.add(dropped);
        FunctionCounter.builder("wharf.log.events.dropped", dropped, LongSupplier::getAsLong)
                .description("Log events dropped because the output could not keep up").tags("stream", stream)
                .register(registry);
    }

    /** Adds the meters of {@code binder} (a component's own, such as garbage collection's). */
    public void bind(MeterBinder binder) {
        binder.bindTo(registry);
    }

    /**
     * Writes every meter in {@code contentType}, {@link #TEXT_FORMAT} or {@link #OPENMETRICS_FORMAT}.
     * Reads MXBeans, some of which read {@code /proc}: never call on an event loop.
     */
    public void scrape(OutputStream out, String contentType) throws IOException {
        registry.scrape(out, contentType);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
