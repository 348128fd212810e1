package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of the embedded store's acknowledged changes ({@code wharf.journal}), kept until the
 * database file is known to hold them: H2's own recovery after a SIGKILL was seen to lose the first
 * commits after a reopen, so the store's durability must not rest on it alone.
 *
 * <p>A record is {@code [int length][int crc32c][payload]}. {@link #append} writes it with one
 * {@code write} to the operating system, which a SIGKILL cannot undo (no fsync: a power cut may lose the
 * tail, as the store's contract allows). A torn or corrupt tail, the trace of a kill in mid-write of a
 * record that was therefore never acknowledged, is cut off at open. Not thread-safe: callers serialise
 * appends.
 */
final class MetadataJournal implements AutoCloseable {
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final int MAX_RECORD_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;

    private MetadataJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens or creates the journal at {@code file}, cutting off a torn tail. */
    static MetadataJournal open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            MetadataJournal journal = new MetadataJournal(file, channel);
            long valid = journal.scan(null);
            if (valid < channel.size()) {
                channel.truncate(valid);
            }
            channel.position(valid);
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("metadata journal " + file, e);
        }
    }

    /** Every record in the file, oldest first. */
    List<JournalRecord> records() {
        List<JournalRecord> records = new ArrayList<>();
        try {
            scan(records);
        } catch (IOException e) {
            throw new UncheckedIOException("metadata journal " + file, e);
        }
        return records;
    }

    /** Appends {@code record}; once this returns, a SIGKILL of the process no longer loses it. */
    void append(JournalRecord record) throws IOException {
        byte[] payload = encode(record);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** The journal's length in bytes. */
    long size() throws IOException {
        return channel.size();
    }

    /** Empties the journal, once the database file holds every change in it. */
    void clear() throws IOException {
        channel.truncate(0);
        channel.position(0);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("metadata journal " + file, e);
        }
    }

    /** Reads records from the start into {@code into} (when not null); returns the length of the valid prefix. */
    private long scan(List<JournalRecord> into) throws IOException {
        long valid = 0;
        long size = channel.size();
        InputStream stream = Channels.newInputStream(channel.position(0));
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, 1 << 16));
        while (valid + 8 <= size) {
            int length = in.readInt();
            int expected = in.readInt();
            if (length <= 0 || length > MAX_RECORD_BYTES || valid + 8 + length > size) {
                break;
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            if ((int) crc.getValue() != expected) {
                break;
            }
            if (into != null) {
                into.add(decode(payload));
            }
            valid += 8 + length;
        }
        channel.position(size);
        return valid;
    }

    private static byte[] encode(JournalRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        if (record instanceof JournalRecord.Put put) {
            CachedEntry entry = put.entry();
            out.writeByte(PUT);
            out.writeUTF(entry.repoKey());
            out.writeUTF(entry.path());
            out.writeUTF(entry.variant());
            out.writeUTF(entry.digest().toString());
            out.writeLong(entry.size());
            writeNullable(out, entry.mediaType());
            writeNullable(out, entry.etag());
            writeNullable(out, entry.lastModified());
            writeInstant(out, entry.fetchedAt());
            writeInstant(out, entry.lastAccess());
        } else {
            JournalRecord.Key key = record.key();
            out.writeByte(DELETE);
            out.writeUTF(key.repoKey());
            out.writeUTF(key.path());
            out.writeUTF(key.variant());
        }
        return bytes.toByteArray();
    }

    private static JournalRecord decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        byte type = in.readByte();
        String repoKey = in.readUTF();
        String path = in.readUTF();
        String variant = in.readUTF();
        if (type == DELETE) {
            return new JournalRecord.Delete(new JournalRecord.Key(repoKey, path, variant));
        }
        if (type != PUT) {
            throw new EOFException("unknown record type " + type);
        }
        Digest digest = Digest.parse(in.readUTF());
        long size = in.readLong();
        String mediaType = readNullable(in);
        String etag = readNullable(in);
        String lastModified = readNullable(in);
        Instant fetchedAt = readInstant(in);
        Instant lastAccess = readInstant(in);
        return new JournalRecord.Put(new CachedEntry(repoKey, path, variant, digest, size, mediaType, etag,
                lastModified, fetchedAt, lastAccess));
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
