package dev.wharf.e2e.support;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A deterministic, incompressible byte sequence (SplitMix64): the same seed always yields the same
 * bytes, whatever the sizes of the reads that consume it. Not thread-safe.
 */
public final class PseudoRandomBytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long state;
    private long pending;
    private int pendingBytes;

    /** A sequence starting at the beginning of the stream for {@code seed}. */
    public PseudoRandomBytes(long seed) {
        this.state = seed;
    }

    /** Fills {@code buffer[offset, offset + length)} with the next bytes of the sequence. */
    public void next(byte[] buffer, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (pendingBytes > 0 && i < end) {
            buffer[i++] = (byte) pending;
            pending >>>= 8;
            pendingBytes--;
        }
        for (; end - i >= Long.BYTES; i += Long.BYTES) {
            LONGS.set(buffer, i, nextLong());
        }
        if (i < end) {
            pending = nextLong();
            pendingBytes = Long.BYTES;
            while (i < end) {
                buffer[i++] = (byte) pending;
                pending >>>= 8;
                pendingBytes--;
            }
        }
    }

    /** The first {@code length} bytes of the sequence for {@code seed}, as a stream generated on the fly. */
    public static InputStream stream(long seed, long length) {
        return new PseudoRandomBytes(seed).take(length);
    }

    /** The next {@code length} bytes of this sequence, as a stream generated on the fly as it is read. */
    public InputStream take(long length) {
        PseudoRandomBytes bytes = this;
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                bytes.next(buffer, offset, n);
                left -= n;
                return n;
            }
        };
    }

    /** The first {@code length} bytes of the sequence for {@code seed}, in memory. */
    public static byte[] array(long seed, int length) {
        byte[] out = new byte[length];
        new PseudoRandomBytes(seed).next(out, 0, length);
        return out;
    }

    private long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
