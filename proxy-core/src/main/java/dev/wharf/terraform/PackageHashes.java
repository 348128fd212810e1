package dev.wharf.terraform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.codec.Digest;
import dev.wharf.codec.terraform.PackageHash;
import dev.wharf.storage.ByteSource;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The {@code h1:} hash of a stored provider package, computed from the zip's files on the file executor (never
 * on an event loop) and remembered by the zip's digest, which fixes it.
 */
final class PackageHashes {
    /** A zip with more entries than this is not a provider package, and is not hashed. */
    static final int MAX_ENTRIES = 10_000;
    private static final int CACHED = 100_000;

    private final BlobStore blobs;
    private final Executor fileExecutor;
    private final Cache<Digest, String> known = Caffeine.newBuilder().maximumSize(CACHED).build();

    PackageHashes(BlobStore blobs, Executor fileExecutor) {
        this.blobs = blobs;
        this.fileExecutor = fileExecutor;
    }

    /** The {@code h1:} hash of the zip stored as {@code digest}; empty when the blob has gone. */
    CompletableFuture<Optional<String>> h1(Digest digest) {
        String cached = known.getIfPresent(digest);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        return blobs.open(digest).thenCompose(content -> {
            if (content.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<String>empty());
            }
            BlobContent blob = content.get();
            return CompletableFuture.supplyAsync(() -> {
                try (blob; InputStream in = open(blob)) {
                    String h1 = hash(in);
                    known.put(digest, h1);
                    return Optional.of(h1);
                } catch (ZipException | NotAZipException e) {
                    throw new NotAZipException(e.getMessage());
                } catch (IOException e) {
                    throw new UncheckedIOException("hashing the package " + digest, e);
                }
            }, fileExecutor);
        });
    }

    /** Reads a blob as a blocking stream, on the file executor: the file itself when local, else its byte source. */
    private static InputStream open(BlobContent blob) {
        Optional<FileChannel> file = blob.takeFile();
        if (file.isPresent()) {
            return Channels.newInputStream(file.get());
        }
        return new SourceInputStream(blob.stream(0, blob.size()));
    }

    /** The h1 of the zip in {@code in}: its regular files (not directories) by name, each one's sha256. */
    static String hash(InputStream in) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            int count = 0;
            while ((entry = zip.getNextEntry()) != null) {
                if (++count > MAX_ENTRIES) {
                    throw new NotAZipException("the zip has more than " + MAX_ENTRIES + " entries");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                MessageDigest sha256 = PackageHash.sha256();
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    sha256.update(buffer, 0, n);
                }
                files.put(entry.getName(), sha256.digest());
            }
        }
        if (files.isEmpty()) {
            throw new NotAZipException("it has no files (expected a zip with the provider's executable)");
        }
        return PackageHash.h1(files);
    }

    /** The bytes are not a zip with files in it. */
    static final class NotAZipException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAZipException(String message) {
            super(message);
        }
    }

    /** A blocking view of a byte source, for a thread of the file executor; each buffer is released once read. */
    private static final class SourceInputStream extends InputStream {
        private final ByteSource source;
        private ByteBuf current;
        private boolean ended;

        SourceInputStream(ByteSource source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            while (!ended && (current == null || !current.isReadable())) {
                if (current != null) {
                    current.release();
                    current = null;
                }
                try {
                    // The caller owns the buffer returned, released above once drained.
                    current = source.next().join();
                } catch (RuntimeException e) {
                    throw new IOException("reading the package", e);
                }
                ended = current == null;
            }
            if (ended) {
                return -1;
            }
            int n = Math.min(length, current.readableBytes());
            current.readBytes(into, offset, n);
            return n;
        }

        @Override
        public void close() {
            if (current != null) {
                current.release();
                current = null;
            }
            source.close();
        }
    }
}
