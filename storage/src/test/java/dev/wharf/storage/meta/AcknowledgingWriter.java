package dev.wharf.storage.meta;

import dev.wharf.codec.Digest;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of {@link EmbeddedMetadataStoreCrashTest}: opens the store in {@code args[0]} and
 * writes entries of repository {@code args[1]} until it is killed, printing each change to stdout only
 * after its future completed. Four chains run at once, like the store's four threads; each puts
 * {@code <chain>/<n>} and, every third entry, deletes the one it put two before. Lines: {@code ready},
 * {@code put <path>}, {@code deleting <path>} (before the delete starts), {@code deleted <path>}. With a third
 * argument {@code idle} it writes nothing after {@code ready}. It exits by itself when its stdin closes, so it cannot
 * outlive a test run that died.
 */
public final class AcknowledgingWriter {
    private static final int CHAINS = 4;
    private static final Digest DIGEST = Digest.parse("sha256:" + "5e".repeat(32));

    private final MetadataStore store;
    private final String repoKey;
    private final PrintStream out;

    private AcknowledgingWriter(MetadataStore store, String repoKey, PrintStream out) {
        this.store = store;
        this.repoKey = repoKey;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(AcknowledgingWriter::exitWhenStdinCloses, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // Unbuffered but for println's own flush: a line reaches the pipe as soon as it is printed.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        MetadataStore store = EmbeddedMetadataStore.open(Path.of(args[0]));
        out.println("ready");
        if (args.length > 2 && args[2].equals("idle")) {
            new CountDownLatch(1).await(); // until killed
        }
        AcknowledgingWriter writer = new AcknowledgingWriter(store, args[1], out);
        for (int chain = 0; chain < CHAINS; chain++) {
            writer.put(chain, 0);
        }
        new CountDownLatch(1).await(); // until killed
    }

    private void put(int chain, int n) {
        String path = chain + "/" + n;
        Instant now = Instant.now();
        store.putEntry(new CachedEntry(repoKey, path, DIGEST, n, "application/octet-stream", null, null, now, now))
                .thenCompose(v -> {
                    out.println("put " + path);
                    if (n % 3 != 2) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    String older = chain + "/" + (n - 2);
                    out.println("deleting " + older); // before it starts: the entry may be gone from here on
                    return store.deleteEntry(repoKey, older).thenAccept(existed -> out.println("deleted " + older));
                })
                .whenComplete((v, failure) -> {
                    if (failure != null) {
                        failure.printStackTrace();
                        System.exit(1);
                    }
                    put(chain, n + 1);
                });
    }

    private static void exitWhenStdinCloses() {
        try {
            while (System.in.read() >= 0) {
                // the parent writes nothing: only the end of the stream matters
            }
        } catch (IOException e) {
            // treated as closed
        }
        System.exit(2);
    }
}
