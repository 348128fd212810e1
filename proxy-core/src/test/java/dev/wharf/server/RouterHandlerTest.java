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
    void unknownPathIsA404InJson() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"));
        String out = readAll(ch);
        assertThat(out).startsWith("HTTP/1.1 404 Not Found").contains("content-type: application/json")
                .contains("\"message\":\"not found: /nowhere\"");
    }

    @Test
    void absoluteFormTargetsAreServedByTheirPath() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET http://wharf.example.com:8080/v2/a?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path()).isEqualTo("/v2/a");
        assertThat(pending.get(0).query("x")).hasValue("1");
        pending.get(0).respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "ok");
        assertThat(readAll(ch)).startsWith("HTTP/1.1 200 OK");
        assertThat(RouterHandler.originForm("https://h")).isEqualTo("/");
        assertThat(RouterHandler.originForm("HTTP://h?q")).isEqualTo("/?q");
    }

    @Test
    void anUnsupportedHttpVersionGetsA505AndTheConnectionCloses() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("GET /v2/a HTTP/9.9\r\nHost: x\r\n\r\n"));
        assertThat(readAll(ch)).startsWith("HTTP/1.1 505").contains("HTTP/9.9 is not supported");
        assertThat(pending).isEmpty();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aMalformedChunkedBodyGetsA400AndThePipelinedRequestIsNotServed() {
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
                + "GET /v2/b HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(pending).hasSize(1);
        // The handler has not taken the body: the router reads it on the way to the next request.
        pending.get(0).respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), "text/plain", "first");
        ch.runPendingTasks();
        String out = readAll(ch);
        assertThat(out).startsWith("HTTP/1.1 200 OK").contains("connection: close");
        assertThat(pending).hasSize(1);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aMalformedBodyWhileTheHandlerWaitsIsA400() {
        EmbeddedChannel ch = channel(ex -> {
            pending.add(ex);
            ex.requestBody(1 << 20).next().whenComplete((buf, err) -> {
                if (buf != null) {
                    buf.release();
                }
                ex.error(HttpResponseStatus.BAD_REQUEST, String.valueOf(err == null ? "no error" : err.getMessage()));
            });
        });
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        ch.runPendingTasks();
        assertThat(readAll(ch)).startsWith("HTTP/1.1 400").contains("malformed request body");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aTakenBodyIsStreamedAsTheHandlerPulls() {
        List<String> pieces = new ArrayList<>();
        EmbeddedChannel ch = channel(ex -> {
            pending.add(ex);
            pull(ex, ex.requestBody(1 << 20), pieces);
        });
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello"));
        ch.writeInbound(ascii("world"));
        ch.runPendingTasks();
        assertThat(String.join("", pieces)).isEqualTo("helloworld");
        String out = readAll(ch);
        assertThat(out).startsWith("HTTP/1.1 201").doesNotContain("connection: close");
        ch.writeInbound(ascii("GET /v2/b HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(pending).hasSize(2);
    }

    @Test
    void expectContinueIsAnsweredOnlyWhenTheBodyIsTaken() {
        List<String> pieces = new ArrayList<>();
        EmbeddedChannel ch = channel(pending::add);
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
        assertThat(readAll(ch)).isEmpty();
        pull(pending.get(0), pending.get(0).requestBody(1 << 20), pieces);
        assertThat(readAll(ch)).startsWith("HTTP/1.1 100 Continue");
        ch.writeInbound(ascii("hello"));
        ch.runPendingTasks();
        assertThat(pieces).containsExactly("hello");
        assertThat(readAll(ch)).startsWith("HTTP/1.1 201");
    }

    @Test
    void refusingAnUploadWithoutReadingItClosesTheConnectionWhenTheClientWaitsForContinue() {
        EmbeddedChannel ch = channel(ex -> ex.error(HttpResponseStatus.CONFLICT, "exists"));
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
        ch.runPendingTasks();
        String out = readAll(ch);
        assertThat(out).startsWith("HTTP/1.1 409").contains("connection: close").doesNotContain("100 Continue");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aLargeUnreadBodyClosesTheConnectionInsteadOfBeingDrained() {
        EmbeddedChannel ch = channel(ex -> ex.error(HttpResponseStatus.CONFLICT, "exists"));
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nContent-Length: " + (RouterHandler.DISCARD_LIMIT + 1) + "\r\n\r\n"));
        ch.runPendingTasks();
        assertThat(readAll(ch)).startsWith("HTTP/1.1 409").contains("connection: close");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aBodyPastTheHandlersLimitFailsItsStream() {
        List<Throwable> failures = new ArrayList<>();
        EmbeddedChannel ch = channel(ex -> ex.requestBody(4).next().whenComplete((buf, err) -> {
            if (buf != null) {
                buf.release();
            }
            failures.add(err);
            ex.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too large");
        }));
        ch.writeInbound(ascii("PUT /v2/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
        ch.runPendingTasks();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).isInstanceOf(RequestBodyTooLargeException.class);
        assertThat(readAll(ch)).startsWith("HTTP/1.1 413");
    }

    @Test
    void anExceptionInAnAsynchronousStepIsAnsweredNotSwallowed() {
        java.util.concurrent.CompletableFuture<String> later = new java.util.concurrent.CompletableFuture<>();
        EmbeddedChannel ch = channel(ex -> ex.when(later, (value, err) -> {
            throw new IllegalArgumentException("a header value with CR LF: " + value);
        }));
        ch.writeInbound(ascii("GET /v2/a HTTP/1.1\r\nHost: x\r\n\r\n"));
        later.complete("x");
        ch.runPendingTasks();
        assertThat(readAll(ch)).startsWith("HTTP/1.1 500").doesNotContain("CR LF");
        assertThat(inFlight).hasValue(0);
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

    /** Reads the whole body into {@code pieces}, then answers 201. */
    private static void pull(Exchange exchange, dev.wharf.storage.ByteSource body, List<String> pieces) {
        body.next().whenComplete((buf, err) -> {
            if (err != null) {
                exchange.error(HttpResponseStatus.BAD_REQUEST, err.getMessage());
            } else if (buf == null) {
                body.close();
                exchange.respond(HttpResponseStatus.CREATED, new DefaultHttpHeaders(), "text/plain", "stored");
            } else {
                pieces.add(buf.toString(StandardCharsets.US_ASCII));
                buf.release();
                pull(exchange, body, pieces);
            }
        });
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
