package dev.wharf.bench;

import dev.wharf.codec.Digest;
import dev.wharf.server.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process registry upstream on 127.0.0.1 that serves generated blobs under
 * {@code /v2/<name>/blobs/<digest>} (and answers the {@code /v2/} ping). A blob of size {@code n} and
 * serial {@code s} is the first {@code n - 8} bytes of one random file followed by {@code s} as 8 bytes,
 * so every serial is a distinct, uncached blob whose digest costs one clone of a precomputed hash state.
 * The file part is sent with a zero-copy file region, as nginx or distribution would.
 */
public final class BlobUpstream implements AutoCloseable {
    private static final int SERIAL_BYTES = 8;

    private final Path dir;
    private final Path base;
    private final long maxSize;
    private final Channel server;
    private final Map<Digest, Blob> blobs = new ConcurrentHashMap<>();
    private final Map<Long, MessageDigest> prefixStates = new ConcurrentHashMap<>();
    private final AtomicLong gets = new AtomicLong();

    /** One servable blob. */
    public record Blob(Digest digest, long size, long serial) {
    }

    private BlobUpstream(Path dir, long maxSize, EventLoopGroup group, Transport transport) throws IOException, InterruptedException {
        this.dir = dir;
        this.base = dir.resolve("base");
        this.maxSize = maxSize;
        writeRandom(base, maxSize - SERIAL_BYTES);
        this.server = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannelType())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Starts an upstream able to serve blobs up to {@code maxSize} bytes, its random file in a temp directory. */
    public static BlobUpstream start(long maxSize, EventLoopGroup group, Transport transport) throws IOException, InterruptedException {
        if (maxSize <= SERIAL_BYTES) {
            throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: more than " + SERIAL_BYTES + ")");
        }
        Path dir = Files.createTempDirectory("wharf-bench-upstream");
        try {
            return new BlobUpstream(dir, maxSize, group, transport);
        } catch (IOException | InterruptedException | RuntimeException e) {
            TempTree.delete(dir);
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Blob GETs answered so far (HEADs and pings not counted). */
    public long gets() {
        return gets.get();
    }

    /**
     * Makes blob ({@code size}, {@code serial}) servable and returns it. The first call for a size hashes
     * the random prefix once (seconds for a GiB); later calls for that size cost microseconds.
     */
    public Blob blob(long size, long serial) {
        if (size <= SERIAL_BYTES || size > maxSize) {
            throw new IllegalArgumentException("size: " + size + " (expected: " + (SERIAL_BYTES + 1) + ".." + maxSize + ")");
        }
        MessageDigest state = clone(prefixStates.computeIfAbsent(size, this::hashPrefix));
        state.update(serialBytes(serial));
        Blob blob = new Blob(Digest.ofBytes(state.digest()), size, serial);
        blobs.put(blob.digest(), blob);
        return blob;
    }

    @Override
    public void close() throws IOException {
        server.close().syncUninterruptibly();
        TempTree.delete(dir);
    }

    private MessageDigest hashPrefix(long size) {
        MessageDigest sha256 = newSha256();
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(base)) {
            long remaining = size - SERIAL_BYTES;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("random file ended early: " + base);
                }
                sha256.update(buffer, 0, n);
                remaining -= n;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash " + base, e);
        }
        return sha256;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

    private static byte[] serialBytes(long serial) {
        byte[] bytes = new byte[SERIAL_BYTES];
        for (int i = 0; i < SERIAL_BYTES; i++) {
            bytes[i] = (byte) (serial >>> (8 * (SERIAL_BYTES - 1 - i)));
        }
        return bytes;
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 provider cannot clone its state", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Answers one request at a time per connection; keep-alive unless the client asked to close. */
    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            String path = request.uri();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (path.equals("/v2/") || path.equals("/v2")) {
                reply(ctx, HttpResponseStatus.OK, "{}", keepAlive);
                return;
            }
            int at = path.lastIndexOf("/blobs/");
            Blob blob = at < 0 || !Digest.isValid(path.substring(at + 7)) ? null : blobs.get(Digest.parse(path.substring(at + 7)));
            if (blob == null) {
                reply(ctx, HttpResponseStatus.NOT_FOUND, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}", keepAlive);
                return;
            }
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                    .set(HttpHeaderNames.CONTENT_LENGTH, blob.size())
                    .set("Docker-Content-Digest", blob.digest().toString());
            if (request.method().equals(HttpMethod.HEAD)) {
                FullHttpResponse head = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(response.headers());
                finish(ctx.writeAndFlush(head), keepAlive);
                return;
            }
            gets.incrementAndGet();
            ctx.write(response);
            ctx.write(new DefaultFileRegion(base.toFile(), 0, blob.size() - SERIAL_BYTES));
            ByteBuf tail = Unpooled.wrappedBuffer(serialBytes(blob.serial()));
            finish(ctx.writeAndFlush(new DefaultLastHttpContent(tail)), keepAlive);
        }

        private void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set("Docker-Distribution-API-Version", "registry/2.0");
            finish(ctx.writeAndFlush(response), keepAlive);
        }

        private void finish(ChannelFuture written, boolean keepAlive) {
            written.addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
