package dev.wharf.codec.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart parser: the same parts whatever the chunking, data never held back beyond a delimiter. */
class MultipartReaderTest {
    private static final String BOUNDARY = "----wharfBoundary42";

    private static byte[] body(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"classifiers\"\r\n\r\nA\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"classifiers\"\r\n\r\nB\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"a;b-1.0.tar.gz\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Fields by name, the file's name and its bytes. */
    private record Parsed(Map<String, List<String>> fields, String filename, byte[] file) {
    }

    private static Parsed parse(byte[] body, int[] chunkSizes) {
        MultipartReader reader = new MultipartReader(BOUNDARY, 1024);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        String[] current = new String[2];
        int at = 0;
        int i = 0;
        while (at < body.length) {
            int n = Math.min(chunkSizes[i++ % chunkSizes.length], body.length - at);
            for (MultipartReader.Event event : reader.feed(Arrays.copyOfRange(body, at, at + n))) {
                if (event instanceof MultipartReader.PartStart start) {
                    current[0] = start.name();
                    if (start.filename() != null) {
                        current[1] = start.filename();
                    }
                } else if (event instanceof MultipartReader.Data data) {
                    (current[0].equals("content") ? file : field).writeBytes(data.bytes());
                } else if (!current[0].equals("content")) {
                    fields.computeIfAbsent(current[0], k -> new ArrayList<>()).add(field.toString(StandardCharsets.UTF_8));
                    field.reset();
                }
            }
            at += n;
        }
        reader.finish();
        return new Parsed(fields, current[1], file.toByteArray());
    }

    @Test
    void partsAreTheSameWhateverTheChunking() {
        byte[] file = new byte[200_000];
        new Random(7).nextBytes(file);
        // Bytes that look like the start of a delimiter inside the file.
        byte[] lookalike = ("\r\n--" + BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(lookalike, 0, file, 1000, lookalike.length);
        byte[] body = body(file);
        for (int[] sizes : new int[][] {{body.length}, {1}, {7, 13}, {8192}, {3, 65536, 1}}) {
            Parsed parsed = parse(body, sizes);
            assertThat(parsed.fields()).containsEntry(":action", List.of("file_upload")).containsEntry("classifiers", List.of("A", "B"));
            assertThat(parsed.filename()).isEqualTo("a;b-1.0.tar.gz");
            assertThat(parsed.file()).isEqualTo(file);
        }
    }

    @Test
    void boundaryComesFromTheContentType() {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).hasValue("abc");
        assertThat(MultipartReader.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"")).hasValue("a b");
        assertThat(MultipartReader.boundary("application/json")).isEmpty();
        assertThat(MultipartReader.boundary("multipart/form-data")).isEmpty();
        assertThat(MultipartReader.boundary(null)).isEmpty();
    }

    @Test
    void aTruncatedBodyOrOversizedHeadersAreRefused() {
        byte[] body = body("x".getBytes(StandardCharsets.UTF_8));
        MultipartReader truncated = new MultipartReader(BOUNDARY, 1024);
        truncated.feed(Arrays.copyOf(body, body.length - 20));
        assertThatThrownBy(truncated::finish).isInstanceOf(MultipartException.class).hasMessageContaining("ended before");

        MultipartReader small = new MultipartReader(BOUNDARY, 16);
        assertThatThrownBy(() -> small.feed(body)).isInstanceOf(MultipartException.class).hasMessageContaining("headers");

        MultipartReader nameless = new MultipartReader(BOUNDARY, 1024);
        assertThatThrownBy(() -> nameless.feed(("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MultipartException.class).hasMessageContaining("name");
    }
}
