package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A file of {@link PseudoRandomBytes} for one seed, written to disk in 1 MiB pieces (never held whole in
 * memory), with the SHA-256 computed while writing: large uploads come from it, and ranges of it are the
 * bytes a partial download must return.
 */
public record SeededFile(Path path, long seed, long size, String digest) {
    private static final int PIECE = 1 << 20;

    /** Writes the first {@code size} bytes of the sequence for {@code seed} to {@code path} (replacing it). */
    public static SeededFile write(Path path, long seed, long size) {
        MessageDigest sha = Sha256.newDigest();
        PseudoRandomBytes bytes = new PseudoRandomBytes(seed);
        byte[] piece = new byte[PIECE];
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(path)) {
                for (long left = size; left > 0; ) {
                    int n = (int) Math.min(PIECE, left);
                    bytes.next(piece, 0, n);
                    sha.update(piece, 0, n);
                    out.write(piece, 0, n);
                    left -= n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + size + " seeded bytes to " + path, e);
        }
        return new SeededFile(path, seed, size, Sha256.digestString(sha));
    }

    /** The bytes {@code [first, last]} of the file, both inclusive as in an HTTP {@code Range}; for small ranges. */
    public byte[] range(long first, long last) {
        if (first < 0 || last < first || last >= size) {
            throw new IllegalArgumentException("range: " + first + "-" + last + " (expected: within 0-" + (size - 1) + ")");
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(last - first + 1));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, first + buffer.position()) < 0) {
                    throw new IOException("ended before byte " + (first + buffer.position()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bytes " + first + "-" + last + " of " + path, e);
        }
        return buffer.array();
    }
}
