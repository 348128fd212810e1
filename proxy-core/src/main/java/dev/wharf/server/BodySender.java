package dev.wharf.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a response body with backpressure: the next piece is asked for only after the previous write
 * completed. Large bodies go out in slices ({@value #FILE_SLICE} bytes of a file region on plaintext,
 * {@value #BUFFER_PIECE} bytes of buffer otherwise), so a slow client shows steady progress to the idle
 * timeout and no single write holds a whole blob. Futures complete on the channel's event loop.
 */
public final class BodySender {
    private static final Logger LOG = LoggerFactory.getLogger(BodySender.class);
    /** Bytes per zero-copy file region write. */
    static final long FILE_SLICE = 4L << 20;
    /** Bytes per buffer write (TLS connections, remote stores). */
    static final long BUFFER_PIECE = 256 << 10;

    private BodySender() {
    }

    /**
     * Writes every piece of {@code body}, then closes it; completes when the last piece was written, fails
     * when the body or a write failed. The caller sent the head already and finishes or aborts the
     * exchange afterwards.
     */
    public static CompletableFuture<Void> send(Exchange exchange, BodyStream body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean fileSlices = !exchange.isSecure();
        pump(exchange.ctx(), body, fileSlices, done, null);
        return done.whenComplete((v, e) -> body.close());
    }

    /** Sends {@code body} after a head already sent, then finishes the exchange, or aborts it on failure. */
    public static void sendAndFinish(Exchange exchange, BodyStream body) {
        exchange.when(send(exchange, body), (v, err) -> {
            if (err != null) {
                LOG.debug("transfer of {} cut short: {}", exchange.path(), err.toString());
                exchange.abort();
            } else {
                exchange.finish();
            }
        });
    }

    /** Writes the next piece; {@code unconfirmed} is a write still in flight, or null. */
    private static void pump(ChannelHandlerContext ctx, BodyStream body, boolean fileSlices, CompletableFuture<Void> done,
                             ChannelFuture unconfirmed) {
        CompletableFuture<BodyPiece> next;
        try {
            next = body.next(fileSlices ? FILE_SLICE : BUFFER_PIECE, fileSlices);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        next.whenCompleteAsync((piece, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
            } else if (piece == null) {
                if (unconfirmed == null) {
                    done.complete(null);
                } else {
                    unconfirmed.addListener(f -> {
                        if (f.isSuccess()) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(f.cause());
                        }
                    });
                }
            } else if (!ctx.channel().isActive()) {
                release(piece);
                done.completeExceptionally(new IOException("client closed the connection"));
            } else {
                boolean buffer = piece instanceof BodyPiece.Buffer;
                ChannelFuture written = write(ctx, piece);
                if (buffer && ctx.channel().isWritable()) {
                    // Room below the high-water mark: ask the source for more while this buffer goes out, so a
                    // remote store's reads overlap the client's. File slices wait: they borrow the stream's file.
                    written.addListener(f -> {
                        if (!f.isSuccess()) {
                            done.completeExceptionally(f.cause());
                        }
                    });
                    pump(ctx, body, fileSlices, done, written);
                } else {
                    written.addListener(f -> {
                        if (f.isSuccess()) {
                            pump(ctx, body, fileSlices, done, null);
                        } else {
                            done.completeExceptionally(f.cause());
                        }
                    });
                }
            }
        }, ctx.executor());
    }

    /** The write takes ownership of a buffer piece; a file slice borrows the stream's file. */
    private static ChannelFuture write(ChannelHandlerContext ctx, BodyPiece piece) {
        if (piece instanceof BodyPiece.Buffer buffer) {
            return ctx.writeAndFlush(new DefaultHttpContent(buffer.buf()));
        }
        BodyPiece.FileSlice slice = (BodyPiece.FileSlice) piece;
        return ctx.writeAndFlush(new SharedFileRegion(slice.file(), slice.position(), slice.length()));
    }

    private static void release(BodyPiece piece) {
        if (piece instanceof BodyPiece.Buffer buffer) {
            buffer.buf().release();
        }
    }
}
