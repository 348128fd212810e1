package dev.wharf.e2e.support;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.util.Arrays;
import java.security.MessageDigest;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an image layer: a gzip-compressed tar holding one regular file of seeded random bytes.
 * Deterministic: the same seed and size give the same bytes (no timestamps anywhere).
 */
final class TarGzLayer {
    private static final int BLOCK = 512;

    /** The digest of the uncompressed tar (the config's diff_id). */
    private final String diffId;

    private TarGzLayer(String diffId) {
        this.diffId = diffId;
    }

    String diffId() {
        return diffId;
    }

    /** Writes the layer to {@code out} (which it does not close) and returns its diff_id. */
    static TarGzLayer write(OutputStream out, String fileName, long seed, long fileSize) throws IOException {
        MessageDigest tarDigest = Sha256.newDigest();
        GZIPOutputStream gzip = new GZIPOutputStream(new NonClosing(out), 1 << 16) {
            {
                // The payload is random: compressing harder only costs time.
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        try (DigestOutputStream tar = new DigestOutputStream(gzip, tarDigest)) {
            tar.write(header(fileName, fileSize));
            byte[] chunk = new byte[1 << 16];
            PseudoRandomBytes payload = new PseudoRandomBytes(seed);
            for (long left = fileSize; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                payload.next(chunk, 0, n);
                tar.write(chunk, 0, n);
                left -= n;
            }
            tar.write(new byte[(int) ((BLOCK - fileSize % BLOCK) % BLOCK)]);
            tar.write(new byte[2 * BLOCK]);
        }
        return new TarGzLayer(Sha256.digestString(tarDigest));
    }

    /** A POSIX ustar header for a regular file, mode 0644, owned by root, mtime 0. */
    private static byte[] header(String name, long size) {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name);
        put(header, 100, 8, "0000644");
        put(header, 108, 8, "0000000");
        put(header, 116, 8, "0000000");
        put(header, 124, 12, String.format("%011o", size));
        put(header, 136, 12, String.format("%011o", 0));
        header[156] = '0';
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        put(header, 265, 32, "root");
        put(header, 297, 32, "root");
        // The checksum is computed with its own field read as eight spaces.
        Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, 8, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    private static void put(byte[] header, int offset, int width, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > width) {
            throw new IllegalArgumentException("tar field: " + value + " (expected: at most " + width + " bytes)");
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    /** Lets the gzip stream finish without closing the caller's stream. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
