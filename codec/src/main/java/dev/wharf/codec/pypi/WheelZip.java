package dev.wharf.codec.pypi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds one member of a zip (a wheel's {@code .dist-info/METADATA}) from the parts a reader fetches by range,
 * so a wheel of any size is never read whole: the end-of-central-directory record in the file's tail, then the
 * central directory, then the member's local header and data. Zip64 archives and encrypted or otherwise
 * compressed members (only stored and deflated ones are read) are reported as not found.
 */
public final class WheelZip {
    /** How much of a file's end holds its end-of-central-directory record, whatever its comment. */
    public static final int TAIL_BYTES = 22 + 0xFFFF;
    /** The fixed part of a local file header. */
    public static final int LOCAL_HEADER_BYTES = 30;
    private static final int EOCD = 0x06054b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private WheelZip() {
    }

    /** Where the central directory is, in the file. */
    public record Span(long offset, long length) {
    }

    /** A member as the central directory describes it. */
    public record Member(String name, int method, long compressedSize, long size, long localHeaderOffset) {
    }

    /** The central directory's span, from the last {@code tail.length} bytes of a file of {@code fileSize} bytes. */
    public static Optional<Span> centralDirectory(byte[] tail, long fileSize) {
        for (int i = tail.length - 22; i >= 0; i--) {
            if (int32(tail, i) == EOCD) {
                long size = uint32(tail, i + 12);
                long offset = uint32(tail, i + 16);
                if (size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL || offset + size > fileSize) {
                    return Optional.empty();
                }
                return Optional.of(new Span(offset, size));
            }
        }
        return Optional.empty();
    }

    /**
     * The member of the central directory {@code directory} that is {@code <something>.dist-info/METADATA} at the
     * top level, preferring {@code preferredDistInfo/METADATA}.
     */
    public static Optional<Member> metadataMember(byte[] directory, String preferredDistInfo) {
        Member fallback = null;
        int i = 0;
        while (i + 46 <= directory.length && int32(directory, i) == CENTRAL) {
            int method = uint16(directory, i + 10);
            long compressed = uint32(directory, i + 20);
            long size = uint32(directory, i + 24);
            int nameLength = uint16(directory, i + 28);
            int extraLength = uint16(directory, i + 30);
            int commentLength = uint16(directory, i + 32);
            int flags = uint16(directory, i + 8);
            long offset = uint32(directory, i + 42);
            if (i + 46 + nameLength > directory.length) {
                break;
            }
            String name = new String(directory, i + 46, nameLength, StandardCharsets.UTF_8);
            String[] parts = name.split("/");
            boolean readable = (flags & 1) == 0 && (method == 0 || method == 8) && compressed != 0xFFFFFFFFL
                    && size != 0xFFFFFFFFL && offset != 0xFFFFFFFFL;
            if (readable && parts.length == 2 && parts[0].endsWith(".dist-info") && parts[1].equals("METADATA")) {
                Member member = new Member(name, method, compressed, size, offset);
                if (parts[0].equals(preferredDistInfo)) {
                    return Optional.of(member);
                }
                if (fallback == null) {
                    fallback = member;
                }
            }
            i += 46 + nameLength + extraLength + commentLength;
        }
        return Optional.ofNullable(fallback);
    }

    /** The offset of a member's data, from the {@value #LOCAL_HEADER_BYTES} bytes of its local header; empty when it is not one. */
    public static Optional<Long> dataOffset(byte[] localHeader, Member member) {
        if (localHeader.length < LOCAL_HEADER_BYTES || int32(localHeader, 0) != LOCAL) {
            return Optional.empty();
        }
        return Optional.of(member.localHeaderOffset() + LOCAL_HEADER_BYTES + uint16(localHeader, 26) + uint16(localHeader, 28));
    }

    /** The member's bytes from its stored data; empty when they do not inflate to its size. */
    public static Optional<byte[]> extract(byte[] data, Member member) {
        if (member.method() == 0) {
            return data.length == member.size() ? Optional.of(data) : Optional.empty();
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(member.size(), 1 << 20));
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
                if (out.size() > member.size()) {
                    return Optional.empty();
                }
            }
            return out.size() == member.size() ? Optional.of(out.toByteArray()) : Optional.empty();
        } catch (DataFormatException e) {
            return Optional.empty();
        } finally {
            inflater.end();
        }
    }

    private static int uint16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long uint32(byte[] b, int at) {
        return int32(b, at) & 0xFFFFFFFFL;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
