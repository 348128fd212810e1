package dev.wharf.codec.pypi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A push parser of a {@code multipart/form-data} body (RFC 7578, RFC 2046 section 5.1): fed the body chunk by
 * chunk as it arrives, it yields the parts' starts, their data and their ends, holding back no more than a
 * delimiter's length of data and a part's headers (at most {@code maxHeaderBytes}), so a part of any size
 * streams through it. Not thread-safe: one body, fed in order.
 */
public final class MultipartReader {
    /** Something in the body. */
    public sealed interface Event {
    }

    /** A part begins: its {@code Content-Disposition} name and file name (null when not a file), its type or null. */
    public record PartStart(String name, String filename, String contentType) implements Event {
    }

    /** Bytes of the current part; the array is the reader's no more. */
    public record Data(byte[] bytes) implements Event {
    }

    /** The current part ended. */
    public record PartEnd() implements Event {
    }

    private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, DONE }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
    /** RFC 2046: a boundary is 1 to 70 characters. */
    private static final int MAX_BOUNDARY = 70;

    private final byte[] delimiter;
    private final int maxHeaderBytes;
    private byte[] pending;
    private int length;
    private State state = State.PREAMBLE;

    public MultipartReader(String boundary, int maxHeaderBytes) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MultipartException("boundary: expected 1 to " + MAX_BOUNDARY + " characters");
        }
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxHeaderBytes = maxHeaderBytes;
        // The first delimiter has no CRLF before it: lend it one.
        this.pending = Arrays.copyOf(CRLF, 1024);
        this.length = CRLF.length;
    }

    /** The {@code boundary} of a {@code multipart/form-data} content type, or empty for any other type. */
    public static Optional<String> boundary(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("multipart/form-data")) {
            return Optional.empty();
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("boundary")) {
                String value = unquote(param.substring(eq + 1).strip());
                return value.isEmpty() || value.length() > MAX_BOUNDARY ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** True once the closing delimiter was read. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** Takes the next chunk of the body (copied here), and returns what it completed. */
    public List<Event> feed(byte[] chunk) {
        List<Event> events = new ArrayList<>();
        if (state == State.DONE) {
            return events;
        }
        append(chunk);
        boolean progress = true;
        while (progress) {
            progress = switch (state) {
                case PREAMBLE -> preamble();
                case AFTER_DELIMITER -> afterDelimiter();
                case HEADERS -> headers(events);
                case BODY -> body(events);
                case DONE -> {
                    length = 0;
                    yield false;
                }
            };
        }
        return events;
    }

    /** Says the body ended: fails unless the closing delimiter was read. */
    public void finish() {
        if (state != State.DONE) {
            throw new MultipartException("the multipart body ended before its closing boundary");
        }
    }

    private boolean preamble() {
        int at = indexOf(delimiter, 0);
        if (at < 0) {
            keepTail(delimiter.length - 1);
            return false;
        }
        consume(at + delimiter.length);
        state = State.AFTER_DELIMITER;
        return true;
    }

    private boolean afterDelimiter() {
        if (length < 2) {
            return false;
        }
        if (pending[0] == '-' && pending[1] == '-') {
            state = State.DONE;
            length = 0;
            return false;
        }
        // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
        int i = 0;
        while (i < length && (pending[i] == ' ' || pending[i] == '\t')) {
            i++;
        }
        if (i + 2 > length) {
            if (i > 1024) {
                throw new MultipartException("too much padding after a boundary");
            }
            return false;
        }
        if (pending[i] != '\r' || pending[i + 1] != '\n') {
            throw new MultipartException("a boundary is not followed by CRLF or --");
        }
        consume(i + 2);
        state = State.HEADERS;
        return true;
    }

    private boolean headers(List<Event> events) {
        int end;
        int skip;
        if (length >= 2 && pending[0] == '\r' && pending[1] == '\n') {
            end = 0;
            skip = 2;
        } else {
            end = indexOf(HEADERS_END, 0);
            skip = 4;
        }
        if (end < 0) {
            if (length > maxHeaderBytes) {
                throw new MultipartException("a part's headers are longer than " + maxHeaderBytes + " bytes");
            }
            return false;
        }
        if (end > maxHeaderBytes) {
            throw new MultipartException("a part's headers are longer than " + maxHeaderBytes + " bytes");
        }
        String block = new String(pending, 0, end, StandardCharsets.UTF_8);
        consume(end + skip);
        events.add(partStart(block));
        state = State.BODY;
        return true;
    }

    private boolean body(List<Event> events) {
        int at = indexOf(delimiter, 0);
        if (at < 0) {
            int emit = length - (delimiter.length - 1);
            if (emit > 0) {
                events.add(new Data(Arrays.copyOf(pending, emit)));
                consume(emit);
            }
            return false;
        }
        if (at > 0) {
            events.add(new Data(Arrays.copyOf(pending, at)));
        }
        events.add(new PartEnd());
        consume(at + delimiter.length);
        state = State.AFTER_DELIMITER;
        return true;
    }

    private static PartStart partStart(String block) {
        String name = null;
        String filename = null;
        String type = null;
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String header = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (header.equals("content-type")) {
                type = value;
            } else if (header.equals("content-disposition")) {
                for (String param : splitParams(value)) {
                    int eq = param.indexOf('=');
                    if (eq <= 0) {
                        continue;
                    }
                    String key = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    if (key.equals("name")) {
                        name = unquote(param.substring(eq + 1).strip());
                    } else if (key.equals("filename")) {
                        filename = unquote(param.substring(eq + 1).strip());
                    }
                }
            }
        }
        if (name == null) {
            throw new MultipartException("a part has no Content-Disposition name");
        }
        return new PartStart(name, filename, type);
    }

    /** Splits on {@code ;} outside quotes. */
    private static List<String> splitParams(String value) {
        List<String> params = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == ';' && !quoted) {
                params.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        params.add(current.toString());
        return params;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    private void append(byte[] chunk) {
        if (length + chunk.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + chunk.length));
        }
        System.arraycopy(chunk, 0, pending, length, chunk.length);
        length += chunk.length;
    }

    private void consume(int count) {
        System.arraycopy(pending, count, pending, 0, length - count);
        length -= count;
    }

    private void keepTail(int count) {
        if (length > count) {
            consume(length - count);
        }
    }

    private int indexOf(byte[] needle, int from) {
        int last = length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (pending[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
