package dev.wharf.cache;

import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

/**
 * Pulls a fill's upstream body under backpressure into the blob writer, the follower spool (the same writer
 * when it has a local staging file) and the extra digests. Reading pauses while any sink holds its window
 * of bytes in flight and resumes once all are down to half; it never follows a client's pace. Every byte
 * received and every write completed touches the fill's {@link StallWatch}. Confined to the fill's event
 * loop.
 */
final class FillPump {
    /** What the pump reports to its fill, on the fill's event loop. */
    interface Listener {
        /** More bytes became readable in the spool. */
        void progressed();

        /** The body ended after {@code size} bytes, all handed to the sinks. */
        void ended(long size);

        /** The pump gave up; it already stopped reading. */
        void failed(Throwable cause);
    }

    private final ByteSource body;
    private final long declaredSize;
    private final BlobWriter store;
    private final BlobWriter spool;
    private final ExtraDigests digests;
    private final EventExecutor loop;
    private final StallWatch stall;
    private final Listener listener;
    private long received;
    private boolean reading;
    private boolean paused;
    private boolean stopped;

    /** @param spool the writer followers read from; {@code store} itself when it has a staging file */
    FillPump(ByteSource body, long declaredSize, BlobWriter store, BlobWriter spool, ExtraDigests digests,
             EventExecutor loop, StallWatch stall, Listener listener) {
        this.body = body;
        this.declaredSize = declaredSize;
        this.store = store;
        this.spool = spool;
        this.digests = digests;
        this.loop = loop;
        this.stall = stall;
        this.listener = listener;
    }

    /** Bytes followers may read from the spool now. */
    long readable() {
        return spool.bytesStored();
    }

    void start() {
        pull();
    }

    /** Stops reading and closes the upstream body; idempotent. The writers are the fill's to abort. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        body.close();
    }

    private void pull() {
        if (stopped || reading) {
            return;
        }
        if (full(1)) {
            paused = true;
            return;
        }
        reading = true;
        body.next().whenCompleteAsync(this::onChunk, loop);
    }

    /** True when a sink holds more than {@code 1/divisor} of its window in flight. */
    private boolean full(int divisor) {
        return store.pendingBytes() * divisor >= store.windowBytes()
                || (spool != store && spool.pendingBytes() * divisor >= spool.windowBytes())
                || digests.pendingBytes() * divisor >= store.windowBytes();
    }

    /** Takes ownership of {@code buf}: hands it to the sinks, or releases it. */
    private void onChunk(ByteBuf buf, Throwable err) {
        reading = false;
        if (stopped) {
            if (buf != null) {
                buf.release();
            }
            return;
        }
        if (err != null) {
            fail(err);
            return;
        }
        if (buf == null) {
            stop();
            listener.ended(received);
            return;
        }
        stall.touch();
        received += buf.readableBytes();
        if (declaredSize >= 0 && received > declaredSize) {
            buf.release();
            fail(new FillException("the upstream sent more than its Content-Length of " + declaredSize + " bytes"));
            return;
        }
        if (spool != store) {
            spool.write(buf.retainedDuplicate()).whenCompleteAsync(this::onWritten, loop);
        }
        if (digests.active()) {
            digests.update(buf.retainedDuplicate()).whenCompleteAsync((v, e) -> {
                stall.touch();
                resumeIfDrained();
            }, loop);
        }
        store.write(buf).whenCompleteAsync(this::onWritten, loop);
        pull();
    }

    private void onWritten(Void ignored, Throwable err) {
        if (stopped && err == null) {
            return;
        }
        if (err != null) {
            fail(err);
            return;
        }
        stall.touch();
        listener.progressed();
        resumeIfDrained();
    }

    /** Reading resumes once every sink is down to half its window. */
    private void resumeIfDrained() {
        if (paused && !stopped && !full(2)) {
            paused = false;
            pull();
        }
    }

    private void fail(Throwable cause) {
        if (stopped) {
            // The body ended: a failed write fails the commit, which reports it.
            return;
        }
        stop();
        listener.failed(cause);
    }
}
