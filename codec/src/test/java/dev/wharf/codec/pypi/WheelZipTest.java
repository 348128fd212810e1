package dev.wharf.codec.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** A wheel's METADATA found from the ranges a reader would fetch: tail, central directory, header, data. */
class WheelZipTest {
    private static final byte[] METADATA = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\n".repeat(20)
            .getBytes(StandardCharsets.UTF_8);

    private static byte[] wheel(boolean stored) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setComment("a comment");
            zip.putNextEntry(new ZipEntry("demo.py"));
            zip.write("X = 1\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("other-1.0.dist-info/METADATA"));
            zip.write("Name: other\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            ZipEntry metadata = new ZipEntry("demo-1.0.dist-info/METADATA");
            if (stored) {
                CRC32 crc = new CRC32();
                crc.update(METADATA);
                metadata.setMethod(ZipEntry.STORED);
                metadata.setSize(METADATA.length);
                metadata.setCrc(crc.getValue());
            }
            zip.putNextEntry(metadata);
            zip.write(METADATA);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] find(byte[] zip, String distInfo) {
        byte[] tail = Arrays.copyOfRange(zip, Math.max(0, zip.length - WheelZip.TAIL_BYTES), zip.length);
        WheelZip.Span span = WheelZip.centralDirectory(tail, zip.length).orElseThrow();
        byte[] directory = Arrays.copyOfRange(zip, (int) span.offset(), (int) (span.offset() + span.length()));
        WheelZip.Member member = WheelZip.metadataMember(directory, distInfo).orElseThrow();
        byte[] header = Arrays.copyOfRange(zip, (int) member.localHeaderOffset(), (int) member.localHeaderOffset() + WheelZip.LOCAL_HEADER_BYTES);
        long offset = WheelZip.dataOffset(header, member).orElseThrow();
        return WheelZip.extract(Arrays.copyOfRange(zip, (int) offset, (int) (offset + member.compressedSize())), member).orElseThrow();
    }

    @Test
    void findsTheDeflatedAndTheStoredMetadataOfThePreferredDistInfo() throws IOException {
        assertThat(find(wheel(false), "demo-1.0.dist-info")).isEqualTo(METADATA);
        assertThat(find(wheel(true), "demo-1.0.dist-info")).isEqualTo(METADATA);
        assertThat(find(wheel(false), "missing-1.0.dist-info")).isEqualTo("Name: other\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatIsNotAZipIsNotFound() throws IOException {
        byte[] junk = new byte[1000];
        assertThat(WheelZip.centralDirectory(junk, junk.length)).isEmpty();
        byte[] zip = wheel(false);
        byte[] tail = Arrays.copyOfRange(zip, zip.length - 40, zip.length);
        assertThat(WheelZip.centralDirectory(tail, 10)).isEmpty();
        assertThat(WheelZip.metadataMember(new byte[100], "x")).isEmpty();
        WheelZip.Member member = new WheelZip.Member("m", 8, 10, 50, 0);
        assertThat(WheelZip.dataOffset(new byte[30], member)).isEmpty();
        assertThat(WheelZip.extract(new byte[10], member)).isEmpty();
    }
}
