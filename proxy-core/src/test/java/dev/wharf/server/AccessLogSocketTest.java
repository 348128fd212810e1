package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zero-copy hit whose client goes away mid-body, over a real socket: the access log must report the
 * bytes the file region actually transferred, not the region's size.
 */
@Timeout(60)
class AccessLogSocketTest {
    private static final long SIZE = 64L * 1024 * 1024;
    private static final int CLIENT_READS = 256 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void aFileRegionCutShortCountsOnlyWhatWasTransferred(String transportName) throws Exception {
        Transport transport = transportName.equals("nio")
                ? new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class)
                : epoll();
        Path blob = dir.resolve("blob");
        try (RandomAccessFile file = new RandomAccessFile(blob.toFile(), "rw")) {
            file.setLength(SIZE);
        }
        CompletableFuture<CompletedRequest> completed = new CompletableFuture<>();
        EventLoopGroup group = transport.newGroup(1, new dev.wharf.storage.DaemonThreadFactory("access-log-test"));
        try (FileChannel file = FileChannel.open(blob, StandardOpenOption.READ)) {
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannelType())
                    .childOption(ChannelOption.SO_SNDBUF, 64 * 1024)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new AccessLogHandler(completed::complete),
                                    new FileServer(file));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(64 * 1024);
                client.connect(server.localAddress());
                client.getOutputStream().write("GET /blob HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[16 * 1024];
                for (long read = 0; read < CLIENT_READS; ) {
                    int n = in.read(buffer);
                    assertThat(n).isPositive();
                    read += n;
                }
                client.setSoLinger(true, 0); // close with a reset: the server's next write fails
            }
            CompletedRequest request = completed.get(30, TimeUnit.SECONDS);
            assertThat(request.aborted()).isTrue();
            assertThat(request.status()).isEqualTo(200);
            assertThat(request.bytes()).isGreaterThanOrEqualTo(CLIENT_READS / 2).isLessThan(SIZE);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static Transport epoll() {
        assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
    }

    /** Answers any request with the whole file as one zero-copy region. */
    private static final class FileServer extends ChannelInboundHandlerAdapter {
        private final FileChannel file;

        FileServer(FileChannel file) {
            this.file = file;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_LENGTH, SIZE);
                ctx.write(head);
                ctx.write(new SharedFileRegion(file, 0, SIZE));
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
