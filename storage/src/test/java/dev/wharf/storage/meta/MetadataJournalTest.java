package dev.wharf.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal keeps every appended record across a reopen and cuts off what a kill left half written. */
class MetadataJournalTest {
    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

    @TempDir
    Path dir;

    @Test
    void recordsSurviveAReopenInOrder() throws IOException {
        Path file = dir.resolve("wharf.journal");
        JournalRecord put = new JournalRecord.Put(entry("a/1", "application/json", null));
        JournalRecord putWithNulls = new JournalRecord.Put(new CachedEntry("repo", "路径/ü", "v", DIGEST, 7,
                null, null, null, Instant.ofEpochSecond(1, 999_999_999), Instant.EPOCH));
        JournalRecord delete = new JournalRecord.Delete(new JournalRecord.Key("repo", "a/1", ""));
        try (MetadataJournal journal = MetadataJournal.open(file)) {
            journal.append(put);
            journal.append(putWithNulls);
            journal.append(delete);
        }

        try (MetadataJournal journal = MetadataJournal.open(file)) {
            assertThat(journal.records()).containsExactly(put, putWithNulls, delete);
        }
    }

    @Test
    void aTornOrCorruptTailIsCutOffAndAppendsGoOnAfterTheValidPart() throws IOException {
        Path file = dir.resolve("wharf.journal");
        JournalRecord first = new JournalRecord.Put(entry("a/1", null, "\"etag\""));
        JournalRecord second = new JournalRecord.Put(entry("a/2", null, null));
        try (MetadataJournal journal = MetadataJournal.open(file)) {
            journal.append(first);
            journal.append(second);
        }
        long whole = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(whole - 3); // the kill hit the second record's write
        }

        JournalRecord third = new JournalRecord.Delete(new JournalRecord.Key("repo", "a/1", ""));
        try (MetadataJournal journal = MetadataJournal.open(file)) {
            assertThat(journal.records()).containsExactly(first);
            journal.append(third);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1; // a flipped bit in the last record's payload
        Files.write(file, bytes);

        try (MetadataJournal journal = MetadataJournal.open(file)) {
            assertThat(journal.records()).containsExactly(first);
        }
    }

    @Test
    void clearEmptiesTheFile() throws IOException {
        Path file = dir.resolve("wharf.journal");
        try (MetadataJournal journal = MetadataJournal.open(file)) {
            journal.append(new JournalRecord.Put(entry("a/1", null, null)));
            journal.clear();
            assertThat(journal.size()).isZero();
            assertThat(journal.records()).isEmpty();
        }
    }

    private static CachedEntry entry(String path, String mediaType, String etag) {
        Instant now = Instant.parse("2026-12-02T10:15:30.123456789Z");
        return new CachedEntry("repo", path, "", DIGEST, 42, mediaType, etag, "Wed, 02 Dec 2026 10:15:30 GMT", now, now);
    }
}
