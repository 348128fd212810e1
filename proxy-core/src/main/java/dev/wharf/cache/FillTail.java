package dev.wharf.cache;

import dev.wharf.server.BodyPiece;
import dev.wharf.server.BodyStream;
import dev.wharf.server.FileBody;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobContent;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One follower of a {@link Fill}: the fill's bytes from an offset, as a {@link BodyStream}, at the
 * follower's own pace. While the fill runs it reads the local spool by offset (file slices on plaintext)
 * up to the fill's sendable limit and then waits for more; once the fill committed it reads the rest from
 * the committed blob (a local file, or the store's stream); when the fill fails, the next piece fails.
 * Confined to the follower's event loop.
 */
final class FillTail implements BodyStream {
    private final Fill fill;
    private final long end;
    private final EventExecutor loop;
    private final FillServices services;
    private long position;
    private FileChannel file;
    /** True when {@link #file} is a spool that is not the committed blob (a tee): left at commit. */
    private boolean fileIsTee;
    private ByteSource committedStream;
    private boolean opening;
    private boolean closed;

    /** @param length bytes to follow from {@code offset}, or -1 for all to the end */
    FillTail(Fill fill, long offset, long length, EventExecutor loop, FillServices services) {
        this.fill = fill;
        this.position = offset;
        this.end = length < 0 ? -1 : offset + length;
        this.loop = loop;
        this.services = services;
    }

    @Override
    public CompletableFuture<BodyPiece> next(long maxBytes, boolean fileSlices) {
        CompletableFuture<BodyPiece> result = new CompletableFuture<>();
        step(result, maxBytes, fileSlices);
        return result;
    }

    private void step(CompletableFuture<BodyPiece> result, long maxBytes, boolean fileSlices) {
        if (closed) {
            result.completeExceptionally(new IllegalStateException("follower closed"));
            return;
        }
        if (end >= 0 && position >= end) {
            result.complete(null);
            return;
        }
        Optional<Committed> committed = fill.committed();
        if (committed.isPresent()) {
            fromCommitted(committed.get(), result, maxBytes, fileSlices);
            return;
        }
        Optional<Throwable> failure = fill.failure();
        if (failure.isPresent()) {
            result.completeExceptionally(failure.get());
            return;
        }
        long limit = fill.sendableLimit();
        if (position < limit) {
            if (file == null) {
                openSpool(result, maxBytes, fileSlices);
            } else {
                piece(file, Math.min(limit, end < 0 ? Long.MAX_VALUE : end), result, maxBytes, fileSlices);
            }
            return;
        }
        fill.awaitProgress(limit, () -> loop.execute(() -> step(result, maxBytes, fileSlices)));
    }

    private void fromCommitted(Committed committed, CompletableFuture<BodyPiece> result, long maxBytes, boolean fileSlices) {
        long last = end < 0 ? committed.size() : Math.min(end, committed.size());
        if (position >= last) {
            result.complete(null);
            return;
        }
        if (file != null && !fileIsTee) {
            piece(file, last, result, maxBytes, fileSlices);
        } else if (committedStream != null) {
            committedStream.next().whenCompleteAsync((buf, err) -> {
                if (err != null) {
                    result.completeExceptionally(err);
                } else if (buf == null) {
                    result.completeExceptionally(new IOException("the committed blob ended at " + position));
                } else {
                    position += buf.readableBytes();
                    if (!result.complete(new BodyPiece.Buffer(buf))) {
                        buf.release();
                    }
                }
            }, loop);
        } else {
            openCommitted(committed, last, result, maxBytes, fileSlices);
        }
    }

    /**
     * Opens the spool off the event loop; if it is gone, the fill is ending (the commit renamed it) or ended,
     * and the step after the end reads the committed blob or reports the failure.
     */
    private void openSpool(CompletableFuture<BodyPiece> result, long maxBytes, boolean fileSlices) {
        boolean tee = !fill.spoolIsStore();
        CompletableFuture.supplyAsync(() -> {
            try {
                return Optional.of(FileChannel.open(fill.spoolFile(), StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                return Optional.<FileChannel>empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, services.fileExecutor()).whenCompleteAsync((opened, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
            } else if (closed) {
                opened.ifPresent(this::closeQuietly);
                result.completeExceptionally(new IllegalStateException("follower closed"));
            } else if (opened.isEmpty() && fill.committed().isEmpty() && fill.failure().isEmpty()) {
                // The commit renamed the staging file and has not recorded the blob yet: read it once it has.
                long seen = fill.sendableLimit();
                fill.awaitProgress(seen, () -> loop.execute(() -> step(result, maxBytes, fileSlices)));
            } else {
                opened.ifPresent(channel -> {
                    file = channel;
                    fileIsTee = tee;
                });
                step(result, maxBytes, fileSlices);
            }
        }, loop);
    }

    private void openCommitted(Committed committed, long last, CompletableFuture<BodyPiece> result, long maxBytes,
                               boolean fileSlices) {
        if (opening) {
            result.completeExceptionally(new IllegalStateException("next() called before the previous one completed"));
            return;
        }
        opening = true;
        services.blobs().open(committed.digest()).whenCompleteAsync((content, err) -> {
            opening = false;
            if (err != null) {
                result.completeExceptionally(err);
                return;
            }
            if (content.isEmpty()) {
                result.completeExceptionally(new CompletionException(new IOException(
                        "blob " + committed.digest() + " vanished after commit")));
                return;
            }
            BlobContent blob = content.get();
            if (closed) {
                blob.close();
                result.completeExceptionally(new IllegalStateException("follower closed"));
                return;
            }
            closeFile();
            Optional<FileChannel> local = blob.takeFile();
            if (local.isPresent()) {
                blob.close();
                file = local.get();
                fileIsTee = false;
            } else {
                // A stream outlives the content it was opened from.
                committedStream = blob.stream(position, last - position);
                blob.close();
            }
            step(result, maxBytes, fileSlices);
        }, loop);
    }

    /** The piece {@code [position, min(limit, position + maxBytes))} of {@code channel}. */
    private void piece(FileChannel channel, long limit, CompletableFuture<BodyPiece> result, long maxBytes, boolean fileSlices) {
        long at = position;
        long n = Math.min(maxBytes, limit - at);
        if (fileSlices) {
            position += n;
            result.complete(new BodyPiece.FileSlice(channel, at, n));
            return;
        }
        int chunk = (int) Math.min(n, Integer.MAX_VALUE);
        position += chunk;
        CompletableFuture.supplyAsync(() -> FileBody.read(channel, at, chunk), services.fileExecutor())
                .whenComplete((buf, err) -> {
                    if (err != null) {
                        result.completeExceptionally(err);
                    } else if (!result.complete(new BodyPiece.Buffer(buf))) {
                        buf.release();
                    }
                });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeFile();
        if (committedStream != null) {
            committedStream.close();
            committedStream = null;
        }
    }

    private void closeFile() {
        FileChannel toClose = file;
        file = null;
        if (toClose != null) {
            services.fileExecutor().execute(() -> closeQuietly(toClose));
        }
    }

    private void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only channel: nothing was lost.
        }
    }
}
