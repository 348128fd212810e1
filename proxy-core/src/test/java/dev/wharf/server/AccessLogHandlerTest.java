package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessLogHandlerTest {
    private final List<CompletedRequest> completed = new ArrayList<>();
    private EmbeddedChannel channel;

    /** A channel whose requests reach no router: the test writes the responses itself. */
    private EmbeddedChannel bare() {
        channel = new EmbeddedChannel(new HttpServerCodec(), new AccessLogHandler(completed::add),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                });
        return channel;
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void reportsStatusBytesCacheOutcomeRepositoryAndFormat() {
        EmbeddedChannel ch = bare();
        ch.writeInbound(ascii("GET /v2/x?y=1 HTTP/1.1\r\nHost: h\r\n\r\n"));
        ch.attr(Exchange.CACHE_STATUS).set(CacheStatus.FILL_JOIN);
        ch.attr(Exchange.REPOSITORY).set("hub");
        ch.attr(Exchange.FORMAT).set("docker");
        ch.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, ascii("12345")));

        assertThat(completed).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.uri()).isEqualTo("/v2/x?y=1");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bytes()).isEqualTo(5);
            assertThat(r.cache()).isEqualTo(CacheStatus.FILL_JOIN);
            assertThat(r.repository()).isEqualTo("hub");
            assertThat(r.format()).isEqualTo("docker");
            assertThat(r.aborted()).isFalse();
            assertThat(r.durationNanos()).isPositive();
        });
    }

    @Test
    void aBufferStillQueuedWhenTheConnectionClosesIsNotCountedAsSent() {
        EmbeddedChannel ch = bare();
        ch.writeInbound(ascii("GET /v2/big HTTP/1.1\r\nHost: h\r\n\r\n"));
        ch.attr(Exchange.CACHE_STATUS).set(CacheStatus.HIT);
        ch.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_LENGTH, 10)));
        ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[4])));
        // Written, never flushed: the close fails it, and it never reaches the socket.
        ch.write(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[6])));
        ch.close();

        assertThat(completed).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bytes()).isEqualTo(4);
            assertThat(r.cache()).isEqualTo(CacheStatus.HIT);
            assertThat(r.aborted()).isTrue();
        });
    }

    @Test
    void aContinueBeforeTheAnswerIsNotTheAnswer() {
        EmbeddedChannel ch = bare();
        ch.writeInbound(ascii("PUT /repository/files/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
        ch.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        assertThat(completed).isEmpty();
        ch.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED, ascii("ok")));
        assertThat(completed).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.bytes()).isEqualTo(2);
        });
    }

    @Test
    void aFailedLastWriteIsAborted() {
        EmbeddedChannel ch = bare();
        ch.writeInbound(ascii("GET /v2/x HTTP/1.1\r\nHost: h\r\n\r\n"));
        ch.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_LENGTH, 3)));
        ch.write(new DefaultHttpContent(ascii("abc")));
        ch.write(LastHttpContent.EMPTY_LAST_CONTENT);
        ch.close();

        assertThat(completed).singleElement().satisfies(r -> {
            assertThat(r.bytes()).isZero();
            assertThat(r.aborted()).isTrue();
        });
    }

    @Test
    void eachRequestOnAConnectionIsReportedOnceAndAnUndescribedOneGetsDashes() {
        List<Exchange> pending = new ArrayList<>();
        channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new HttpServerCodec(), new FlowControlHandler(), new AccessLogHandler(completed::add),
                new RouterHandler(List.of(new RouterHandler.Route("/v2", pending::add)), new AtomicInteger()));
        channel.pipeline().fireChannelActive();

        channel.writeInbound(ascii("GET /v2/a HTTP/1.1\r\nHost: h\r\n\r\n"));
        pending.get(0).describe("hub", "docker");
        pending.get(0).cacheStatus(CacheStatus.MISS);
        pending.get(0).respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "first");
        channel.runPendingTasks();
        channel.writeInbound(ascii("HEAD /v2/b HTTP/1.1\r\nHost: h\r\n\r\n"));
        pending.get(1).respond(HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders(), "text/plain", "none");
        channel.close();

        assertThat(completed).hasSize(2);
        assertThat(completed.get(0)).satisfies(r -> {
            assertThat(r.repository()).isEqualTo("hub");
            assertThat(r.cache()).isEqualTo(CacheStatus.MISS);
            assertThat(r.bytes()).isEqualTo(5);
        });
        assertThat(completed.get(1)).satisfies(r -> {
            assertThat(r.method()).isEqualTo("HEAD");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.repository()).isEqualTo(CompletedRequest.UNDESCRIBED);
            assertThat(r.format()).isEqualTo(CompletedRequest.UNDESCRIBED);
            assertThat(r.cache()).isEqualTo(CacheStatus.NONE);
            assertThat(r.bytes()).isZero();
            assertThat(r.aborted()).isFalse();
        });
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }
}
