package dev.wharf.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads the last lines of a child process's log file, for failure messages. */
public final class LogTail {
    private LogTail() {
    }

    /** The last {@code lines} lines of {@code file}, or a note saying why they could not be read. */
    public static String of(Path file, int lines) {
        try {
            List<String> all = readLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .collect(Collectors.joining("\n", "--- last " + lines + " lines of " + file + " ---\n", "\n---"));
        } catch (IOException e) {
            return "(log " + file + " unreadable: " + e + ")";
        }
    }

    /** Every line of {@code file} that contains {@code marker}. */
    public static List<String> linesContaining(Path file, String marker) throws IOException {
        return readLines(file).stream().filter(line -> line.contains(marker)).collect(Collectors.toList());
    }

    private static List<String> readLines(Path file) throws IOException {
        // Lenient decoding: a child may print anything, and a log must stay readable.
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }
}
