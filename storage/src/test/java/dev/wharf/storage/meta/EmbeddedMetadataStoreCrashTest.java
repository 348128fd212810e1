package dev.wharf.storage.meta;

import static dev.wharf.storage.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's durability contract: once {@code putEntry} or {@code deleteEntry} completed its
 * future, the change survives a SIGKILL of the process. Each round starts {@link AcknowledgingWriter} in
 * a child JVM on one database directory, kills it ({@link Process#destroyForcibly()} is SIGKILL on Linux)
 * at a random moment while it writes, reopens the store here and checks every change the child
 * acknowledged on stdout. And the schema a first start migrated must be in the file when {@code open}
 * returns: a database left half migrated may fail its scripts when they run again.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedMetadataStoreCrashTest {
    private static final int ROUNDS = 20;
    private static final long MAX_WRITING_MILLIS = 400;

    @TempDir
    Path dir;

    @Test
    void acknowledgedChangesSurviveASigkill() throws Exception {
        Random random = new Random();
        List<String> losses = new ArrayList<>();
        int acknowledged = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String repo = "crash-" + round;
            Acknowledged acks = runAndKill(dir, repo, random.nextInt((int) MAX_WRITING_MILLIS));
            acknowledged += acks.puts().size() + acks.deletes().size();
            try (MetadataStore store = EmbeddedMetadataStore.open(dir)) {
                Set<String> present = result(store.listEntries(repo, "")).stream().map(CachedEntry::path)
                        .collect(Collectors.toSet());
                Set<String> lostPuts = new LinkedHashSet<>(acks.puts());
                lostPuts.removeAll(acks.deleting());
                lostPuts.removeAll(present);
                Set<String> undeleted = new LinkedHashSet<>(acks.deletes());
                undeleted.retainAll(present);
                if (!lostPuts.isEmpty() || !undeleted.isEmpty()) {
                    losses.add(String.format("round %d: %d of %d acknowledged puts lost, %d of %d acknowledged deletes undone",
                            round, lostPuts.size(), acks.puts().size(), undeleted.size(), acks.deletes().size()));
                }
            }
        }

        assertThat(acknowledged).as("changes acknowledged over all rounds").isGreaterThan(ROUNDS * 10);
        assertThat(losses).as("rounds that lost acknowledged changes, of " + ROUNDS).isEmpty();
    }

    @Test
    void theSchemaIsInTheFileWhenOpenReturns() throws Exception {
        int latest;
        try (MetadataStore store = EmbeddedMetadataStore.open(dir.resolve("reference"))) {
            latest = store.schemaVersion();
        }
        List<String> missing = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Path fresh = dir.resolve("fresh-" + round);
            runAndKill(fresh, "idle-" + round, 0, "idle");

            // Read as the child left it, before any store could migrate it again.
            try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + fresh.resolve("wharf")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
                 ResultSet tables = connection.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
                if (!tables.next()) {
                    missing.add("round " + round + ": no flyway_schema_history");
                    continue;
                }
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT MAX(CAST(version AS INT)) FROM flyway_schema_history")) {
                    rows.next();
                    if (rows.getInt(1) != latest) {
                        missing.add("round " + round + ": at version " + rows.getInt(1));
                    }
                }
            }
        }
        assertThat(missing).as("children killed as open() returned whose file lacks the migrated schema").isEmpty();
    }

    /** What the child printed before and while it was killed. */
    private record Acknowledged(Set<String> puts, Set<String> deleting, Set<String> deletes) {
    }

    /** Runs {@link AcknowledgingWriter} on {@code database} with {@code options}, kills it after {@code writingMillis}. */
    private Acknowledged runAndKill(Path database, String repo, long writingMillis, String... options) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                AcknowledgingWriter.class.getName(), database.toString(), repo));
        command.addAll(List.of(options));
        // A file rather than a pipe: it holds every line the child wrote, however it died.
        Path stdout = dir.resolve(repo + ".out");
        Process child = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-stderr.log").toFile()))
                .start();
        try {
            awaitReady(child, stdout);
            Thread.sleep(writingMillis);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
            Set<String> puts = new HashSet<>();
            Set<String> deleting = new HashSet<>();
            Set<String> deletes = new HashSet<>();
            for (String line : completeLines(stdout)) {
                if (line.startsWith("put ")) {
                    puts.add(line.substring("put ".length()));
                } else if (line.startsWith("deleting ")) {
                    deleting.add(line.substring("deleting ".length()));
                } else if (line.startsWith("deleted ")) {
                    deletes.add(line.substring("deleted ".length()));
                }
            }
            return new Acknowledged(puts, deleting, deletes);
        } finally {
            child.destroyForcibly();
        }
    }

    private static void awaitReady(Process child, Path stdout) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(stdout, StandardCharsets.UTF_8).startsWith("ready\n")) {
            assertThat(child.isAlive()).as("the child is starting (its stderr is in child-stderr.log)").isTrue();
            assertThat(System.nanoTime() - deadline).as("the child is ready within 60 s").isNegative();
            Thread.sleep(5);
        }
    }

    /** The lines the child finished writing; a last one cut short by the kill is dropped. */
    private static List<String> completeLines(Path stdout) throws IOException {
        String text = Files.readString(stdout, StandardCharsets.UTF_8);
        return List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n"));
    }
}
