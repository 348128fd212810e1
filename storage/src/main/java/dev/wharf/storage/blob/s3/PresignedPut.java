package dev.wharf.storage.blob.s3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code PUT} of a part's bytes to a presigned URL on an {@link S3Http} connection: the part's own buffers are
 * written as they are (retained duplicates, released by Netty once sent), and the answer is the part's
 * {@code ETag}. A status other than 200 fails with the start of S3's error document. A kept-alive connection found
 * closed before any response is retried once on a new one.
 */
final class PresignedPut {
    /** How much of an error document goes into the failure's message. */
    private static final int MAX_ERROR_BYTES = 2048;

    private final S3Http http;
    private final URI url;
    private final Part part;
    private final CompletableFuture<String> result = new CompletableFuture<>();

    private PresignedPut(S3Http http, URI url, Part part) {
        this.http = http;
        this.url = url;
        this.part = part;
    }

    /** Sends {@code part} to {@code url}; completes with the ETag S3 answered. Reads {@code part} until then. */
    static CompletableFuture<String> send(S3Http http, URI url, Part part) {
        PresignedPut put = new PresignedPut(http, url, part);
        put.attempt(false);
        return put.result;
    }

    private void attempt(boolean retry) {
        http.acquire(url).whenComplete((connection, error) -> {
            if (error != null) {
                result.completeExceptionally(new IOException("S3 PUT " + url.getRawPath() + ": " + error.getMessage(), error));
                return;
            }
            Channel channel = connection.channel();
            channel.pipeline().addLast(new Answer(connection, retry));
            HttpRequest request = S3Http.request(HttpMethod.PUT, url);
            HttpUtil.setContentLength(request, part.size());
            channel.write(request);
            List<ByteBuf> body = part.retainedDuplicates();
            for (ByteBuf buf : body) {
                channel.write(new DefaultHttpContent(buf));
            }
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            channel.read();
        });
    }

    /** Reads S3's answer to one attempt; removed once it is complete. */
    private final class Answer extends ChannelInboundHandlerAdapter {
        private final S3Http.Connection exchange;
        private final boolean retried;
        private HttpResponse response;
        private final StringBuilder error = new StringBuilder();
        private boolean done;

        Answer(S3Http.Connection exchange, boolean retried) {
            this.exchange = exchange;
            this.retried = retried;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done) {
                    return;
                }
                if (msg instanceof HttpResponse answer) {
                    response = answer;
                }
                if (msg instanceof HttpContent content && response != null && response.status().code() != 200
                        && error.length() < MAX_ERROR_BYTES) {
                    ByteBuf bytes = content.content();
                    int take = Math.min(bytes.readableBytes(), MAX_ERROR_BYTES - error.length());
                    error.append(bytes.toString(bytes.readerIndex(), take, StandardCharsets.UTF_8));
                }
                if (msg instanceof LastHttpContent) {
                    finish(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!done) {
                ctx.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (done) {
                return;
            }
            done = true;
            ctx.pipeline().remove(this);
            if (response == null && exchange.reused() && !retried) {
                attempt(true); // a kept-alive connection the server had closed meanwhile
                return;
            }
            result.completeExceptionally(new IOException("S3 closed the connection during a part upload"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            ctx.pipeline().remove(this);
            exchange.release(false);
            result.completeExceptionally(new IOException("S3 PUT: " + cause.getMessage(), cause));
        }

        private void finish(ChannelHandlerContext ctx) {
            done = true;
            ctx.pipeline().remove(this);
            String eTag = response.headers().get(HttpHeaderNames.ETAG);
            if (response.status().code() == 200 && eTag != null) {
                exchange.release(HttpUtil.isKeepAlive(response));
                result.complete(eTag);
            } else {
                exchange.release(false);
                result.completeExceptionally(new IOException("S3 answered a part upload with " + response.status()
                        + (eTag == null && response.status().code() == 200 ? " and no ETag" : "") + ": " + error));
            }
        }
    }
}
