package dev.wharf.pypi;

import dev.wharf.codec.pypi.MultipartReader;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads an upload's {@code multipart/form-data} body as it arrives: the file part streams into a blob writer
 * (the next chunk pulled only when the writer took the last one), the other parts are kept as form fields, up
 * to {@code maxFieldBytes} in all. Nothing is committed here.
 */
final class UploadReceiver {
    /** The form: its fields (repeated names keep every value, in order), the file part's file name and size. */
    record Received(Map<String, List<String>> fields, String filename, long size) {
        /** The first value of a field, or null. */
        String field(String name) {
            List<String> values = fields.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final ByteSource body;
    private final MultipartReader reader;
    private final BlobWriter writer;
    private final String filePart;
    private final int maxFieldBytes;
    private final Executor loop;
    private final CompletableFuture<Received> result = new CompletableFuture<>();
    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private String current;
    private boolean inFile;
    private String filename;
    private long size;
    private int fieldBytes;
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();

    private UploadReceiver(ByteSource body, MultipartReader reader, BlobWriter writer, String filePart, int maxFieldBytes,
                           Executor loop) {
        this.body = body;
        this.reader = reader;
        this.writer = writer;
        this.filePart = filePart;
        this.maxFieldBytes = maxFieldBytes;
        this.loop = loop;
    }

    /**
     * Reads {@code body} (closed at its end or on failure) through {@code reader}, the part named {@code filePart}
     * into {@code writer}; continuations run on {@code loop}.
     */
    static CompletableFuture<Received> receive(ByteSource body, MultipartReader reader, BlobWriter writer, String filePart,
                                               int maxFieldBytes, Executor loop) {
        UploadReceiver receiver = new UploadReceiver(body, reader, writer, filePart, maxFieldBytes, loop);
        receiver.pump();
        return receiver.result;
    }

    private void pump() {
        body.next().whenCompleteAsync((buf, err) -> {
            if (err != null) {
                fail(err);
                return;
            }
            if (buf == null) {
                finish();
                return;
            }
            List<MultipartReader.Event> events;
            try {
                // The buffer is copied into the parser and released here.
                byte[] bytes = ByteBufUtil.getBytes(buf);
                buf.release();
                events = reader.feed(bytes);
            } catch (RuntimeException e) {
                if (buf.refCnt() > 0) {
                    buf.release();
                }
                fail(e);
                return;
            }
            process(events, 0);
        }, loop);
    }

    /** Handles events from {@code index} on, waiting for each write to the blob; then pulls the next chunk. */
    private void process(List<MultipartReader.Event> events, int index) {
        try {
            for (int i = index; i < events.size(); i++) {
                MultipartReader.Event event = events.get(i);
                if (event instanceof MultipartReader.PartStart start) {
                    start(start);
                } else if (event instanceof MultipartReader.Data data) {
                    if (inFile) {
                        size += data.bytes().length;
                        int next = i + 1;
                        // The writer takes ownership of the wrapped buffer.
                        writer.write(Unpooled.wrappedBuffer(data.bytes())).whenCompleteAsync((v, e) -> {
                            if (e != null) {
                                fail(e);
                            } else {
                                process(events, next);
                            }
                        }, loop);
                        return;
                    }
                    fieldBytes += data.bytes().length;
                    if (fieldBytes > maxFieldBytes) {
                        throw new UploadRejected(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the upload's form fields are larger than "
                                + maxFieldBytes + " bytes");
                    }
                    field.write(data.bytes(), 0, data.bytes().length);
                } else {
                    if (!inFile) {
                        fields.computeIfAbsent(current, k -> new ArrayList<>()).add(field.toString(StandardCharsets.UTF_8));
                    }
                    field.reset();
                    inFile = false;
                }
            }
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        pump();
    }

    private void start(MultipartReader.PartStart start) {
        current = start.name();
        if (start.name().equals(filePart)) {
            if (filename != null) {
                throw new UploadRejected(HttpResponseStatus.BAD_REQUEST, "the upload has more than one " + filePart + " part");
            }
            filename = start.filename() == null ? "" : start.filename();
            inFile = true;
        }
    }

    private void finish() {
        try {
            reader.finish();
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        body.close();
        if (filename == null) {
            result.completeExceptionally(new UploadRejected(HttpResponseStatus.BAD_REQUEST, "the upload has no "
                    + filePart + " part (the file)"));
            return;
        }
        result.complete(new Received(fields, filename, size));
    }

    private void fail(Throwable e) {
        body.close();
        result.completeExceptionally(e);
    }
}
