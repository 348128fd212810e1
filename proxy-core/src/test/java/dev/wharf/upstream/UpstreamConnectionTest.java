package dev.wharf.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exchange state machine on an {@link EmbeddedChannel} carrying the real upstream pipeline. */
class UpstreamConnectionTest {
    private static final URI URI_ = URI.create("http://registry.example.com/v2/x/blobs/sha256:1");
    private final List<Channel> released = new ArrayList<>();
    private EmbeddedChannel channel;
    private UpstreamExchange exchange;

    @BeforeEach
    void start() {
        InboundActivity activity = new InboundActivity(new LongAdder());
        UpstreamConnection connection = new UpstreamConnection(HostKey.of(URI_), activity, null, Duration.ofSeconds(60), released::add);
        channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(activity, new HttpClientCodec(), new RetainingFlowControlHandler(), connection);
        exchange = new UpstreamExchange(HttpMethod.GET, URI_, Duration.ofSeconds(60), bytes -> { });
        connection.start(exchange, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v2/x/blobs/sha256:1"));
        ByteBuf request = channel.readOutbound();
        assertThat(request.toString(StandardCharsets.US_ASCII)).startsWith("GET /v2/x/blobs/sha256:1 HTTP/1.1\r\n");
        request.release();
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
    }

    private void receive(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    private static String take(ByteSource body) throws Exception {
        ByteBuf buf = body.next().get();
        if (buf == null) {
            return null;
        }
        assertThat(buf.refCnt()).as("the consumer owns the buffer alone").isEqualTo(1);
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    @Test
    void bodyIsReadOnlyWhenAskedFor() throws Exception {
        receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
        UpstreamResponse response = exchange.head().get();
        assertThat(response.status()).isEqualTo(200);
        ByteSource body = response.body();

        assertThat(take(body)).isEqualTo("01234");
        CompletableFuture<ByteBuf> waiting = body.next();
        assertThat(waiting).isNotDone();
        receive("56789");
        ByteBuf rest = waiting.get();
        assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo("56789");
        rest.release();
        assertThat(take(body)).isNull();
        assertThat(released).containsExactly(channel);
        assertThat(channel.isOpen()).as("kept alive for the pool").isTrue();
        response.close();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void wholeBodyDecodedBeforeTheCloseIsStillDelivered() throws Exception {
        receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
        ByteSource body = exchange.head().get().body();

        channel.close();

        assertThat(take(body)).isEqualTo("0123456789");
        assertThat(take(body)).isNull();
        assertThat(released).containsExactly(channel);
    }

    @Test
    void closeShortOfContentLengthFailsAfterTheBytesReceived() throws Exception {
        receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012");
        ByteSource body = exchange.head().get().body();

        channel.close();

        assertThat(take(body)).isEqualTo("012");
        assertThat(failureOf(body.next())).isInstanceOf(UpstreamTruncatedException.class)
                .hasMessageContaining("after 3 of 10 body bytes");
        assertThat(released).containsExactly(channel);
    }

    @Test
    void badChunkIsAProtocolError() throws Exception {
        receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        ByteSource body = exchange.head().get().body();

        assertThat(failureOf(body.next())).isInstanceOf(UpstreamProtocolException.class).hasMessageContaining("malformed body");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closingBeforeTheEndClosesTheConnectionAndReleasesWhatIsHeld() throws Exception {
        receive("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        UpstreamResponse response = exchange.head().get();

        response.close();
        response.close();

        assertThat(channel.isOpen()).isFalse();
        assertThat(released).containsExactly(channel);
        assertThat(failureOf(response.body().next())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeBeforeAnyResponseFailsTheHead() {
        channel.close();

        assertThat(failureOf(exchange.head())).isInstanceOf(UpstreamConnectException.class)
                .hasMessageContaining("closed before a response");
        assertThat(exchange.anythingReceived()).isFalse();
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        receive("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        UpstreamResponse response = exchange.head().get();
        assertThat(response.status()).isEqualTo(200);
        assertThat(take(response.body())).isEqualTo("ok");
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            Object value = future.get();
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
