package dev.wharf.upstream;

import static dev.wharf.upstream.Clients.await;
import static dev.wharf.upstream.Clients.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.ServerSocket;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streaming, backpressure and failure modes of a response body, run once per transport (subclasses): epoll
 * reads a closed connection to its end at once, NIO only on demand.
 */
@Timeout(60)
abstract class StreamingContract {
    private static final long BIG = 64L << 20;
    private static final int MiB = 1 << 20;
    @RegisterExtension
    final UpstreamFixture fixture;
    private final AtomicLong serverWritten = new AtomicLong();
    private TestServer server;
    private UpstreamClient client;
    private Upstream upstream;

    /** @param fixture the fixture of the transport under test */
    StreamingContract(UpstreamFixture fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    void start() throws Exception {
        server = fixture.server((ctx, request) -> {
            switch (request.uri()) {
                case "/big" -> streamBig(ctx);
                case "/cut" -> TestServer.writeRaw(ctx, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "a".repeat(400))
                        .addListener(ChannelFutureListener.CLOSE);
                case "/cut-chunked" -> TestServer.writeRaw(ctx, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "12c\r\n" + "b".repeat(300) + "\r\n").addListener(ChannelFutureListener.CLOSE);
                case "/whole-then-close" -> TestServer.writeRaw(ctx, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n"
                        + "Connection: close\r\n\r\n" + "c".repeat(5000)).addListener(ChannelFutureListener.CLOSE);
                case "/until-eof" -> TestServer.writeRaw(ctx, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + "d".repeat(3000))
                        .addListener(ChannelFutureListener.CLOSE);
                case "/stall-body" -> TestServer.writeRaw(ctx, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
                case "/garbage" -> TestServer.writeRaw(ctx, "SMTP ready\r\n\r\n");
                case "/huge-header" -> TestServer.writeRaw(ctx, "HTTP/1.1 200 OK\r\nX-Big: " + "h".repeat(20_000)
                        + "\r\nContent-Length: 0\r\n\r\n");
                default -> { } // "/stall": never answers
            }
        });
        client = fixture.client();
        upstream = client.remote(RemoteSettings.of(server.uri("/")).withReadTimeout(Duration.ofMillis(300)));
    }

    @Test
    void slowConsumerHoldsBackA64MiBBody() throws Exception {
        long receivedBefore = client.bytesReceived();
        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/big"))));
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(String.valueOf(BIG));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long consumed = 0;
        long maxClientAhead = 0;
        long maxServerAhead = 0;
        long nextPause = 4 * MiB;
        try (response) {
            ByteSource body = response.body();
            ByteBuf buf;
            while ((buf = body.next().get(10, TimeUnit.SECONDS)) != null) {
                consumed += buf.readableBytes();
                digest.update(buf.nioBuffer());
                buf.release();
                maxClientAhead = Math.max(maxClientAhead, client.bytesReceived() - receivedBefore - consumed);
                if (consumed >= nextPause) {
                    // Give the server every chance to run ahead; only socket buffers may absorb it.
                    Thread.sleep(25);
                    nextPause += 4 * MiB;
                    maxServerAhead = Math.max(maxServerAhead, serverWritten.get() - consumed);
                }
            }
        }

        assertThat(consumed).isEqualTo(BIG);
        assertThat(digest.digest()).isEqualTo(expectedDigest());
        assertThat(maxClientAhead).as("bytes read from the socket but not yet consumed").isLessThan(MiB);
        assertThat(maxServerAhead).as("bytes the server wrote ahead of the consumer").isLessThan(24L * MiB);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void bodyCutShortOfContentLengthFailsAsTruncated() throws Exception {
        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/cut"))));

        Throwable failure = readUntilFailure(response);

        assertThat(failure).isInstanceOf(UpstreamTruncatedException.class)
                .hasMessageContaining("GET http://127.0.0.1:" + server.port() + "/cut")
                .hasMessageContaining("after 400 of 1000 body bytes");
    }

    @Test
    void chunkedBodyCutBeforeTheLastChunkFailsAsTruncated() throws Exception {
        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/cut-chunked"))));

        assertThat(readUntilFailure(response)).isInstanceOf(UpstreamTruncatedException.class)
                .hasMessageContaining("chunked");
    }

    @Test
    void wholeBodyFollowedByCloseIsComplete() throws Exception {
        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/whole-then-close"))));
        Thread.sleep(100);

        assertThat(Clients.bodyText(response)).isEqualTo("c".repeat(5000));
    }

    @Test
    void bodyDelimitedByCloseIsComplete() throws Exception {
        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/until-eof"))));

        assertThat(Clients.bodyText(response)).isEqualTo("d".repeat(3000));
    }

    @Test
    void silentServerTimesOut() throws Exception {
        Throwable failure = failure(upstream.execute(UpstreamRequest.get(server.uri("/stall"))));

        assertThat(failure).isInstanceOf(UpstreamTimeoutException.class).hasMessageContaining("read timeout");
        assertThat(((UpstreamException) failure).gatewayStatus()).isEqualTo(504);
    }

    @Test
    void bodyStallTimesOutThePendingRead() throws Exception {
        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/stall-body"))));

        assertThat(readUntilFailure(response)).isInstanceOf(UpstreamTimeoutException.class)
                .hasMessageContaining("waiting for the body");
    }

    @Test
    void slowConsumerIsNotTimedOut() throws Exception {
        UpstreamResponse response = await(upstream.execute(UpstreamRequest.get(server.uri("/whole-then-close"))));
        Thread.sleep(600);

        assertThat(Clients.bodyText(response)).hasSize(5000);
    }

    @Test
    void refusedPortFailsToConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }

        Throwable failure = failure(upstream.execute(UpstreamRequest.get(URI.create("http://127.0.0.1:" + port + "/v2/"))));

        assertThat(failure).isInstanceOf(UpstreamConnectException.class).hasMessageContaining("127.0.0.1:" + port);
        assertThat(((UpstreamException) failure).gatewayStatus()).isEqualTo(502);
    }

    @Test
    void malformedResponsesAreProtocolErrors() throws Exception {
        assertThat(failure(upstream.execute(UpstreamRequest.get(server.uri("/garbage")))))
                .isInstanceOf(UpstreamProtocolException.class).hasMessageContaining("malformed response head");
        assertThat(failure(upstream.execute(UpstreamRequest.get(server.uri("/huge-header")))))
                .isInstanceOf(UpstreamProtocolException.class);
    }

    private static Throwable readUntilFailure(UpstreamResponse response) throws Exception {
        try (response) {
            ByteSource body = response.body();
            while (true) {
                try {
                    ByteBuf buf = body.next().get(10, TimeUnit.SECONDS);
                    if (buf == null) {
                        throw new AssertionError("body ended normally");
                    }
                    buf.release();
                } catch (java.util.concurrent.ExecutionException e) {
                    return e.getCause();
                }
            }
        }
    }

    private void streamBig(ChannelHandlerContext ctx) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, BIG);
        ctx.write(head);
        writeFrom(ctx, 0);
    }

    private void writeFrom(ChannelHandlerContext ctx, long offset) {
        if (offset == BIG) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        int length = (int) Math.min(64 * 1024, BIG - offset);
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(pattern(offset, length)))).addListener(f -> {
            if (f.isSuccess()) {
                serverWritten.addAndGet(length);
                writeFrom(ctx, offset + length);
            }
        });
    }

    private static byte[] pattern(long offset, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            long p = offset + i;
            bytes[i] = (byte) (p ^ (p >>> 9) ^ (p >>> 19));
        }
        return bytes;
    }

    private static byte[] expectedDigest() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (long offset = 0; offset < BIG; offset += MiB) {
            digest.update(pattern(offset, MiB));
        }
        return digest.digest();
    }
}
