package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessLogHandlerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final AccessLogWriter writer = new AccessLogWriter(out);
    private final List<Exchange> pending = new ArrayList<>();

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(new HttpServerCodec(), new FlowControlHandler(), new AccessLogHandler(writer),
                new RouterHandler(List.of(new RouterHandler.Route("/v2", pending::add)), new AtomicInteger()));
        ch.pipeline().fireChannelActive();
        return ch;
    }

    @Test
    void logsStatusBytesAndCacheOutcome() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer("GET /v2/x?y=1 HTTP/1.1\r\nHost: h\r\n\r\n", StandardCharsets.US_ASCII));
        pending.get(0).cacheStatus(CacheStatus.FILL_JOIN);
        pending.get(0).respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "12345");
        ch.finishAndReleaseAll();
        writer.close();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .matches("(?s)\\S+ INFO access - \\S+ GET /v2/x\\?y=1 200 5B \\d+\\.\\d{3}ms fill-join\n");
    }

    @Test
    void anAbortedResponseIsLoggedAsAborted() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer("GET /v2/big HTTP/1.1\r\nHost: h\r\n\r\n", StandardCharsets.US_ASCII));
        Exchange exchange = pending.get(0);
        exchange.cacheStatus(CacheStatus.MISS);
        exchange.sendHead(HttpResponseStatus.OK, new DefaultHttpHeaders().set("content-length", 10));
        ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[4]));
        exchange.abort();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((ByteBuf) o).release();
        }
        ch.finishAndReleaseAll();
        writer.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(" GET /v2/big 200 4B ").endsWith("miss aborted\n");
    }
}
