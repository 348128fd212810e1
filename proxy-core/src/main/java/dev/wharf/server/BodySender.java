package dev.wharf.server;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.FileReads;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Writes response bodies with backpressure: the next piece is written only after the previous write
 * completed. A file range goes out as one zero-copy region on plaintext connections, and as pooled
 * chunks read off the event loop over TLS; a {@link ByteSource} is pulled one buffer per completed write.
 * Futures complete on the channel's event loop.
 */
public final class BodySender {
    /** Chunk size for TLS file reads. */
    static final int CHUNK = 256 * 1024;

    private BodySender() {
    }

    /**
     * Sends bytes {@code [position, position + length)} of {@code file}, which stays borrowed: the caller
     * closes it after the returned future completes.
     */
    public static CompletableFuture<Void> sendFileRange(Exchange exchange, FileChannel file, long position, long length,
                                                        Executor fileExecutor) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (length == 0) {
            done.complete(null);
        } else if (!exchange.isSecure()) {
            complete(exchange.ctx().writeAndFlush(new SharedFileRegion(file, position, length)), done);
        } else {
            sendFileChunks(exchange.ctx(), file, position, position + length, fileExecutor, done);
        }
        return done;
    }

    private static void sendFileChunks(ChannelHandlerContext ctx, FileChannel file, long position, long end,
                                       Executor fileExecutor, CompletableFuture<Void> done) {
        if (position >= end) {
            done.complete(null);
            return;
        }
        int n = (int) Math.min(CHUNK, end - position);
        CompletableFuture.supplyAsync(() -> readChunk(file, position, n), fileExecutor).whenCompleteAsync((buf, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
                return;
            }
            // The write takes ownership of buf (released when written or failed).
            ctx.writeAndFlush(new DefaultHttpContent(buf)).addListener(f -> {
                if (f.isSuccess()) {
                    sendFileChunks(ctx, file, position + n, end, fileExecutor, done);
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
        }, ctx.executor());
    }

    /** Reads exactly {@code n} bytes at {@code position} into a new pooled buffer owned by the caller. */
    private static ByteBuf readChunk(FileChannel file, long position, int n) {
        try {
            return FileReads.read(file, position, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends every buffer of {@code source}, then closes it; the source's buffers are owned and released here. */
    public static CompletableFuture<Void> sendSource(Exchange exchange, ByteSource source) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pump(exchange.ctx(), source, done);
        return done.whenComplete((v, e) -> source.close());
    }

    private static void pump(ChannelHandlerContext ctx, ByteSource source, CompletableFuture<Void> done) {
        source.next().whenCompleteAsync((buf, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
            } else if (buf == null) {
                done.complete(null);
            } else if (!ctx.channel().isActive()) {
                buf.release();
                done.completeExceptionally(new IOException("client closed the connection"));
            } else {
                ctx.writeAndFlush(new DefaultHttpContent(buf)).addListener(f -> {
                    if (f.isSuccess()) {
                        pump(ctx, source, done);
                    } else {
                        done.completeExceptionally(f.cause());
                    }
                });
            }
        }, ctx.executor());
    }

    private static void complete(ChannelFuture future, CompletableFuture<Void> done) {
        future.addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(f.cause());
            }
        });
    }
}
