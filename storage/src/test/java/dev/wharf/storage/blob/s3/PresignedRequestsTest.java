package dev.wharf.storage.blob.s3;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.storage.ByteSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data plane against a scripted server: what S3 may answer besides the happy path, and how a ranged GET
 * and a part upload take it. A stream never ends early as if complete, and never hands out a wrong byte.
 */
class PresignedRequestsTest {
    private EventLoopGroup loops;
    private S3Http http;
    private ScriptedHttpServer server;

    @BeforeEach
    void start() throws IOException {
        loops = S3Clients.eventLoops();
        http = new S3Http(loops);
        server = new ScriptedHttpServer();
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aRangedGetSendsTheRangeAndTheSignedHostAndReturnsTheBytes() {
        byte[] data = random(300_000);
        server.then(ScriptedHttpServer.respond("206 Partial Content", "Content-Length: " + data.length, data, true));

        byte[] read = readAll(PresignedRange.get(http, server.uri("/bucket/key?X-Amz-Signature=abc"), 100, data.length));

        assertThat(read).isEqualTo(data);
        String head = server.heads().get(0);
        assertThat(head).startsWith("GET /bucket/key?X-Amz-Signature=abc HTTP/1.1\r\n")
                .contains("range: bytes=100-" + (100 + data.length - 1) + "\r\n")
                .contains("host: " + server.uri("/").getRawAuthority() + "\r\n");
    }

    @Test
    void anErrorStatusFailsTheStreamWithTheStatus() {
        byte[] xml = "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8);
        server.then(ScriptedHttpServer.respond("403 Forbidden", "Content-Length: " + xml.length, xml, true));

        ByteSource stream = PresignedRange.get(http, server.uri("/bucket/key"), 0, 10);

        assertThatThrownBy(() -> result(stream.next())).hasRootCauseInstanceOf(IOException.class)
                .rootCause().hasMessageContaining("403");
        stream.close();
    }

    @Test
    void aBodyCutShortFailsTheStreamInsteadOfEndingIt() {
        byte[] half = random(50_000);
        server.then(ScriptedHttpServer.respond("206 Partial Content", "Content-Length: 100000", half, false));

        ByteSource stream = PresignedRange.get(http, server.uri("/bucket/key"), 0, 100_000);

        assertThatThrownBy(() -> readAll(stream)).hasRootCauseInstanceOf(IOException.class)
                .rootCause().hasMessageContaining("of 100000 bytes");
    }

    @Test
    void aResponseOfAnotherLengthThanTheRangeIsRefused() {
        byte[] data = random(1000);
        server.then(ScriptedHttpServer.respond("206 Partial Content", "Content-Length: 1000", data, true));

        ByteSource stream = PresignedRange.get(http, server.uri("/bucket/key"), 0, 999);

        assertThatThrownBy(() -> readAll(stream)).rootCause().hasMessageContaining("with 1000");
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsRetriedOnANewOne() {
        byte[] first = random(1000);
        byte[] second = random(2000);
        server.then(ScriptedHttpServer.respond("206 Partial Content", "Content-Length: 1000", first, true))
                // The kept-alive connection gets the next request, and the server drops it without an answer.
                .then((head, in, out) -> false)
                .then(ScriptedHttpServer.respond("206 Partial Content", "Content-Length: 2000", second, true));

        assertThat(readAll(PresignedRange.get(http, server.uri("/b/one"), 0, 1000))).isEqualTo(first);
        assertThat(readAll(PresignedRange.get(http, server.uri("/b/two"), 0, 2000))).isEqualTo(second);
        assertThat(server.heads()).hasSize(3);
    }

    @Test
    void aPartUploadSendsThePartsBytesAndAnswersItsETag() throws IOException {
        byte[] data = random(70_000);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        server.then((head, in, out) -> {
            received.write(in.readNBytes(data.length));
            out.write("HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        Part part = new Part();
        part.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, 0, 30_000)));
        part.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, 30_000, data.length)));
        try {
            assertThat(result(PresignedPut.send(http, server.uri("/b/k?partNumber=1&uploadId=u"), part))).isEqualTo("\"abc\"");
        } finally {
            part.release();
        }
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(server.heads().get(0)).startsWith("PUT /b/k?partNumber=1&uploadId=u HTTP/1.1\r\n")
                .contains("content-length: 70000\r\n");
    }

    @Test
    void aRefusedPartUploadFailsWithS3sErrorDocument() {
        byte[] xml = "<Error><Code>NoSuchUpload</Code></Error>".getBytes(StandardCharsets.UTF_8);
        server.then(ScriptedHttpServer.respond("404 Not Found", "Content-Length: " + xml.length, xml, true));
        Part part = new Part();
        part.add(Unpooled.wrappedBuffer(random(10)));
        try {
            assertThatThrownBy(() -> result(PresignedPut.send(http, server.uri("/b/k"), part)))
                    .rootCause().hasMessageContaining("404").hasMessageContaining("NoSuchUpload");
        } finally {
            part.release();
        }
    }

    private static byte[] readAll(ByteSource source) {
        try (source) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf buf = result(source.next()); buf != null; buf = result(source.next())) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                out.write(bytes, 0, bytes.length);
            }
            return out.toByteArray();
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
