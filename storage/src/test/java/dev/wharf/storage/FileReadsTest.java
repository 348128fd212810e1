package dev.wharf.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReadsTest {
    @TempDir
    Path dir;

    @Test
    void readsExactlyTheRangeWithoutMovingTheChannel() throws IOException {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        try (FileChannel file = open(data)) {
            ByteBuf buf = FileReads.read(file, 70_000, 200_000);
            try {
                assertThat(buf.isDirect()).isTrue();
                assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(Arrays.copyOfRange(data, 70_000, 270_000));
                assertThat(file.position()).isZero();
            } finally {
                buf.release();
            }
            ByteBuf empty = FileReads.read(file, data.length, 0);
            assertThat(empty.readableBytes()).isZero();
            empty.release();
        }
    }

    @Test
    void aFileEndingEarlyFailsClearlyAndLeavesNoBuffer() throws IOException {
        try (FileChannel file = open(new byte[100])) {
            assertThatThrownBy(() -> FileReads.read(file, 60, 50))
                    .isInstanceOf(EOFException.class)
                    .hasMessage("file ended at byte 100 (expected: 50 bytes from byte 60)");
        }
        // The leak extension fails this test if the buffer of the failed read was not released.
    }

    @Test
    void aNegativeRangeIsRefused() throws IOException {
        try (FileChannel file = open(new byte[10])) {
            assertThatThrownBy(() -> FileReads.read(file, -1, 5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> FileReads.read(file, 0, -5)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private FileChannel open(byte[] data) throws IOException {
        return FileChannel.open(Files.write(dir.resolve("file"), data), StandardOpenOption.READ);
    }
}
