package dev.wharf.app;

import dev.wharf.cache.FillEngine;
import dev.wharf.cache.FillServices;
import dev.wharf.cache.FreshnessPolicy;
import dev.wharf.cache.PeerFillHandler;
import dev.wharf.cache.PeerFills;
import dev.wharf.api.AdminAccess;
import dev.wharf.api.ApiHandler;
import dev.wharf.api.ApiOperation;
import dev.wharf.api.GcApiHandler;
import dev.wharf.api.OpenApiHandler;
import dev.wharf.api.StatsApiHandler;
import dev.wharf.api.TokenApiHandler;
import dev.wharf.auth.AccessControl;
import dev.wharf.config.BlobsConfig;
import dev.wharf.config.ConfigException;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.ServerConfig;
import dev.wharf.config.TlsConfig;
import dev.wharf.config.WharfConfig;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.format.RepositoryRouter;
import dev.wharf.format.Served;
import dev.wharf.gc.GarbageCollector;
import dev.wharf.gc.GcScheduler;
import dev.wharf.server.AccessLog;
import dev.wharf.server.HealthHandler;
import dev.wharf.server.MetricsHandler;
import dev.wharf.server.NamedThreads;
import dev.wharf.server.RequestObserver;
import dev.wharf.server.RouterHandler;
import dev.wharf.server.Transport;
import dev.wharf.server.WharfChannelInitializer;
import dev.wharf.server.WharfMetrics;
import dev.wharf.storage.DaemonThreadFactory;
import dev.wharf.storage.coord.LeaseHolder;
import dev.wharf.storage.coord.RedisCoordination;
import dev.wharf.upstream.RemoteSettings;
import dev.wharf.upstream.SharedCache;
import dev.wharf.upstream.UpstreamClient;
import dev.wharf.upstream.UpstreamSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Wharf: stores, upstream client, fill engine and the HTTP server over them. {@link #stop()}
 * is graceful: it stops accepting, lets in-flight responses finish up to the configured grace period,
 * then closes everything.
 */
public final class WharfServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WharfServer.class);
    /** Threads for file opens, closes and TLS reads, which must stay off the event loops. */
    private static final int FILE_THREADS = 8;
    /** How long a fill waits for another replica's fill of the same content before it gives up (a 504). */
    private static final Duration PEER_WAIT = Duration.ofMinutes(30);
    /** The formats this build serves. */
    private static final BuiltInFormats FORMATS = new BuiltInFormats();
    /** Scrapes of {@code /metrics} waiting at most; past this they get a 503. */
    private static final int SCRAPES_QUEUED = 4;

    private final WharfConfig config;
    private final Stores stores;
    /** Garbage collection and eviction, every gc.schedule and through the admin API. */
    private final GcScheduler gc;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventLoopGroup upstreamLoops;
    private final ExecutorService fileExecutor;
    /** Runs {@code /metrics} scrapes, which read /proc, off the event loops. */
    private final ExecutorService scraper;
    private final WharfMetrics metrics;
    private final UpstreamClient upstream;
    private final Channel serverChannel;
    private final ChannelGroup channels = new DefaultChannelGroup("wharf", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Every admin API operation the routes serve, as their handlers declare them. */
    private final List<ApiOperation> apiOperations;

    private WharfServer(WharfConfig config, Stores stores, Transport transport, LeaseHolder self) throws InterruptedException {
        this.config = config;
        this.stores = stores;
        this.boss = transport.newGroup(1, new DaemonThreadFactory("wharf-accept"));
        // One client loop per core, as nginx's worker_processes auto: more loops than cores only add
        // switching, and leave less of the machine to the fill loops below.
        this.workers = transport.newGroup(Runtime.getRuntime().availableProcessors(), new DaemonThreadFactory("wharf-io"));
        // Fills and upstream connections get loops of their own: however busy the clients keep the
        // server's loops, a fill still reads its upstream at the upstream's pace.
        this.upstreamLoops = transport.newGroup(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                new DaemonThreadFactory("wharf-upstream"));
        this.fileExecutor = NamedThreads.fixed("wharf-file", FILE_THREADS);
        // Replicas sharing a Redis share their upstream bearer tokens there; one replica keeps its own.
        SharedCache tokens = stores.coordination() instanceof RedisCoordination
                ? new CoordinationTokens(stores.coordination()) : SharedCache.NONE;
        this.upstream = new UpstreamClient(upstreamLoops, transport.channelType(), UpstreamSettings.defaults(), tokens);
        this.scraper = NamedThreads.bounded("wharf-metrics", 1, SCRAPES_QUEUED);
        this.metrics = new WharfMetrics();
        Clock clock = Clock.systemUTC();
        // One housekeeping job: eviction, the blob sweep, and stale uploads and S3 staging, under one lease.
        this.gc = new GcScheduler(new GarbageCollector(stores.metadata(), stores.blobs(), stores.s3().orElse(null), config,
                clock), stores.coordination(), config.gc().schedule());
        metrics.bind(gc.metrics());
        String secret = config.cluster().secret();
        PeerFills peers = secret == null ? PeerFills.none() : peers(self, secret, stores, config.cache().stallTimeout());
        FillEngine fills = new FillEngine(new FillServices(stores.blobs(), stores.spool(), stores.coordination(), fileExecutor,
                config.cache().stallTimeout(), PEER_WAIT, peers), upstreamLoops);
        metrics.registerFills(fills::activeCount);
        metrics.registerFillBytesInFlight(fills::bytesInFlight);
        LoggingSetup.droppedEvents().forEach(metrics::registerDroppedLogEvents);
        // -Dwharf.accessLog=false turns the access log off (the benchmarks do); the metrics still count.
        RequestObserver requests = Boolean.parseBoolean(System.getProperty("wharf.accessLog", "true"))
                ? RequestObserver.both(new AccessLog(LogFormat.parse(config.logging().format()) == LogFormat.JSON), metrics) : metrics;
        FreshnessPolicy freshness = new FreshnessPolicy(stores.metadata(), stores.coordination(), clock);
        RemoteUpstreams upstreams = new RemoteUpstreams(upstream, metrics);
        AccessControl access = new AccessControl(config, stores.tokens(), clock);
        metrics.bind(access.metrics());
        List<RouterHandler.Route> routes = new ArrayList<>();
        Map<String, RepositoryRouter.Mounted> repositories = new LinkedHashMap<>();
        for (Format format : FORMATS.formats()) {
            List<RepositoryConfig> own = config.repositories().stream().filter(r -> r.format().equals(format.id())).toList();
            Served served = format.serve(new FormatContext(config, own, stores.metadata(), stores.blobs(),
                    stores.coordination(), fills, freshness, upstreams, fileExecutor, clock, access));
            routes.addAll(served.routes());
            served.repositories().forEach((key, handler) -> repositories.put(key,
                    new RepositoryRouter.Mounted(format.id(), handler, writeKey(config, key))));
        }
        routes.add(new RouterHandler.Route(RepositoryRouter.ROUTE, new RepositoryRouter(repositories, access)));
        Supplier<List<String>> degraded = List::of;
        if (stores.coordination() instanceof RedisCoordination redis) {
            metrics.registerCoordination(redis::available, redis::outages);
            degraded = () -> redis.available() ? List.of()
                    : List.of("coordination: Redis is unreachable; fills are single-flight on this replica only");
        }
        routes.add(new RouterHandler.Route("/health", new HealthHandler(accepting::get, degraded)));
        if (secret != null) {
            routes.add(new RouterHandler.Route(PeerFills.ROUTE, new PeerFillHandler(fills, secret)));
        }
        routes.add(new RouterHandler.Route("/metrics", new MetricsHandler(metrics, scraper)));
        AdminAccess admins = new AdminAccess(access);
        List<ApiHandler> api = List.of(new GcApiHandler(gc, admins), new TokenApiHandler(admins, clock),
                new StatsApiHandler(admins, config::repositories, metrics, stores.metadata(), fileExecutor, clock.instant()),
                new OpenApiHandler());
        api.forEach(handler -> routes.add(new RouterHandler.Route(handler.route(), handler)));
        this.apiOperations = api.stream().flatMap(handler -> handler.operations().stream()).toList();
        ServerConfig server = config.server();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new WharfChannelInitializer(server, sslContext(server.tls()), routes, inFlight, channels, requests));
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(server.bindAddress(), server.port())).await();
        if (!bound.isSuccess()) {
            shutdownResources();
            throw new ConfigException("server.port", "cannot listen on " + server.bindAddress() + ":" + server.port()
                    + ": " + bound.cause().getMessage());
        }
        this.serverChannel = bound.channel();
        gc.start();
        LOG.info("Wharf listening on {} ({}, {}), blobs {} at {}, metadata {}, {} repositories",
                serverChannel.localAddress(), transport.name(), server.tls() == null ? "plaintext" : "TLS via " + tlsEngine(),
                config.storage().blobs().type(), blobsWhere(config.storage().blobs()), config.storage().metadata().type(),
                config.repositories().size());
    }

    /** The repository that writes through {@code key} land in: a virtual's {@code deployTo}, else itself. */
    private static String writeKey(WharfConfig config, String key) {
        return config.repositories().stream().filter(r -> r.key().equals(key) && r.deployTo() != null)
                .map(RepositoryConfig::deployTo).findFirst().orElse(key);
    }

    private static String blobsWhere(BlobsConfig blobs) {
        return blobs.type().equals(BlobsConfig.S3) ? "s3://" + blobs.bucket() + "/" + blobs.prefix() : blobs.path().toString();
    }

    /** Follows other replicas' fills at the addresses their leases name, with the cluster secret. */
    private PeerFills peers(LeaseHolder self, String secret, Stores stores, Duration stallTimeout) {
        URI address = URI.create(self.address());
        return PeerFills.over(upstream.remote(RemoteSettings.of(address).withReadTimeout(stallTimeout)), secret, address,
                key -> stores.coordination().holder(key).thenApply(holder -> holder.map(h -> URI.create(h.address()))),
                stallTimeout);
    }

    /** Opens the stores and starts serving; the port is bound when this returns. */
    public static WharfServer start(WharfConfig config) throws InterruptedException {
        LeaseHolder self = Replica.of(config);
        Stores stores = Stores.open(config.storage(), config.cache().spoolPath(), self, config.gc().uploadsMaxAge());
        try {
            return new WharfServer(config, stores, Transport.best(), self);
        } catch (RuntimeException | InterruptedException e) {
            stores.close();
            throw e;
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The admin API's operations, as the handlers registered under {@code /api/v1} declare them. */
    public List<ApiOperation> apiOperations() {
        return apiOperations;
    }

    /** Waits until the server was stopped. */
    public void awaitStopped() throws InterruptedException {
        serverChannel.closeFuture().sync();
        while (!stopped.get() || !workers.isTerminated()) {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    /** Graceful stop: no new connections, in-flight responses get up to the grace period, then close. */
    public void stop() {
        if (!accepting.compareAndSet(true, false)) {
            return;
        }
        LOG.info("stopping: {} responses in flight, grace {}", inFlight.get(), config.server().shutdownGrace());
        serverChannel.close().syncUninterruptibly();
        long deadline = System.nanoTime() + config.server().shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("grace period over: closing {} unfinished responses", inFlight.get());
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownResources();
        stores.close();
        stopped.set(true);
        LOG.info("stopped");
    }

    private void shutdownResources() {
        gc.close();
        upstream.close();
        upstreamLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        fileExecutor.shutdown();
        scraper.shutdown();
        metrics.close();
    }

    @Override
    public void close() {
        stop();
    }

    private static SslContext sslContext(TlsConfig tls) {
        if (tls == null) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile())
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("server.tls", "cannot load certificate or key: " + e.getMessage());
        }
    }

    private static String tlsEngine() {
        return OpenSsl.isAvailable() ? "BoringSSL" : "JDK";
    }
}
