package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.flow.FlowControlHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterHandlerTest {
    private final List<Exchange> pending = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private EmbeddedChannel channel;

    private EmbeddedChannel channel(RequestHandler handler) {
        channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new HttpServerCodec(), new FlowControlHandler(), new HttpServerKeepAliveHandler(),
                new AccessLogHandler(request -> { }),
                new RouterHandler(List.of(new RouterHandler.Route("/v2", handler),
                        new RouterHandler.Route("/health", new HealthHandler(() -> true))), inFlight));
        channel.pipeline().fireChannelActive();
        return channel;
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOneAtATime() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET /v2/a HTTP/1.1\r\nHost: x\r\n\r\nGET /v2/b HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path()).isEqualTo("/v2/a");
        assertThat(inFlight).hasValue(1);

        pending.get(0).respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "first");
        ch.runPendingTasks();
        assertThat(pending).hasSize(2);
        assertThat(pending.get(1).path()).isEqualTo("/v2/b");
        pending.get(1).respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "second");

        String out = readAll(ch);
        assertThat(out.indexOf("first")).isPositive().isLessThan(out.indexOf("second"));
        assertThat(inFlight).hasValue(0);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void connectionStaysOpenWhenTheResponseIsWrittenBeforeTheRequestEnded() {
        EmbeddedChannel ch = channel(ex -> ex.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "quick"));
        ch.writeInbound(ascii("GET /v2/a HTTP/1.1\r\nHost: x\r\n\r\n"));
        ch.writeInbound(ascii("GET /v2/b HTTP/1.1\r\nHost: x\r\n\r\n"));
        ch.runPendingTasks();
        String out = readAll(ch);
        assertThat(out.split("quick", -1)).hasSize(3);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void requestBodyIsDiscardedAndTheConnectionReused() {
        EmbeddedChannel ch = channel(ex -> ex.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "done"));
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n"));
        ch.writeInbound(ascii("hello"));
        ch.writeInbound(ascii("GET /v2/b HTTP/1.1\r\nHost: x\r\n\r\n"));
        ch.runPendingTasks();
        assertThat(readAll(ch).split("done", -1)).hasSize(3);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void unknownPathIs404() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(ch)).startsWith("HTTP/1.1 404 Not Found").contains("not found: /nowhere");
    }

    @Test
    void healthIsAnswered() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(ch)).startsWith("HTTP/1.1 200 OK").contains("ready");
    }

    @Test
    void oversizedRequestLineGetsA400AndTheConnectionCloses() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET /v2/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(ch)).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(pending).isEmpty();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void headResponseKeepsContentLengthWithoutBody() {
        EmbeddedChannel ch = channel(ex -> ex.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "12345"));
        ch.writeInbound(ascii("HEAD /v2/x HTTP/1.1\r\nHost: x\r\n\r\n"));
        String out = readAll(ch);
        assertThat(out).contains("content-length: 5").doesNotContain("12345");
    }

    @Test
    void abortClosesTheConnection() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET /v2/a HTTP/1.1\r\nHost: x\r\n\r\n"));
        pending.get(0).abort();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(inFlight).hasValue(0);
    }

    @Test
    void handlerExceptionBecomes500() {
        EmbeddedChannel ch = channel(ex -> {
            throw new IllegalStateException("boom");
        });
        ch.writeInbound(ascii("GET /v2/a HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(ch)).startsWith("HTTP/1.1 500").doesNotContain("boom");
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String readAll(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            sb.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return sb.toString();
    }
}
