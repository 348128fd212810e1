package dev.wharf.upstream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup every upstream test shares, as a JUnit extension registered per test instance
 * ({@code @RegisterExtension final UpstreamFixture upstream = UpstreamFixture.nio();}): client event loops
 * of the transport under test, a separate NIO group for the {@link TestServer}s, and whatever servers,
 * clients and upstreams a test makes, all closed after each test (in the reverse order, then the loops).
 */
final class UpstreamFixture implements BeforeEachCallback, AfterEachCallback {
    private final boolean epoll;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private EventLoopGroup serverGroup;
    private EventLoopGroup clientGroup;
    private UpstreamClient defaultClient;

    private UpstreamFixture(boolean epoll) {
        this.epoll = epoll;
    }

    /** Clients on NIO. */
    static UpstreamFixture nio() {
        return new UpstreamFixture(false);
    }

    /** Clients on epoll; the tests are skipped where epoll is not available. */
    static UpstreamFixture epoll() {
        return new UpstreamFixture(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (epoll) {
            assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        }
        serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        clientGroup = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        for (EventLoopGroup group : new EventLoopGroup[] {clientGroup, serverGroup}) {
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The event loops clients run on. */
    EventLoopGroup clientGroup() {
        return clientGroup;
    }

    /** The socket type of {@link #clientGroup()}. */
    Class<? extends SocketChannel> channelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** A plain-http server on 127.0.0.1, closed after the test. */
    TestServer server(TestServer.Handler handler) throws InterruptedException {
        return opened(TestServer.start(serverGroup, handler));
    }

    /** An https server on 127.0.0.1, closed after the test. */
    TestServer tlsServer(SslContext ssl, TestServer.Handler handler) throws InterruptedException {
        return opened(TestServer.startTls(serverGroup, ssl, handler));
    }

    /** A client with the default settings, closed after the test. */
    UpstreamClient client() {
        return client(UpstreamSettings.defaults());
    }

    /** A client with {@code settings}, closed after the test. */
    UpstreamClient client(UpstreamSettings settings) {
        return opened(new UpstreamClient(clientGroup, channelType(), settings));
    }

    /** A client with the default settings that shares its bearer tokens through {@code tokens}, closed after the test. */
    UpstreamClient client(SharedCache tokens) {
        return opened(new UpstreamClient(clientGroup, channelType(), UpstreamSettings.defaults(), tokens));
    }

    /** A client with the default settings that resolves only {@code names}, closed after the test. */
    UpstreamClient client(FixedNames names) {
        return opened(new UpstreamClient(clientGroup, channelType(), UpstreamSettings.defaults(), names));
    }

    /** The upstream of a remote at {@code baseUri} with the default settings, on a client with the default settings. */
    Upstream remote(URI baseUri) {
        return remote(RemoteSettings.of(baseUri));
    }

    /** The upstream of a remote, on a client with the default settings. */
    Upstream remote(RemoteSettings settings) {
        if (defaultClient == null) {
            defaultClient = client();
        }
        return defaultClient.remote(settings);
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.push(resource);
        return resource;
    }
}
