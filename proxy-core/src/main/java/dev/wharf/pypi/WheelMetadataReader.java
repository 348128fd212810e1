package dev.wharf.pypi;

import dev.wharf.codec.Digest;
import dev.wharf.codec.pypi.WheelZip;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.blob.BlobContent;
import dev.wharf.storage.blob.BlobStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a stored wheel's {@code .dist-info/METADATA} (what PEP 658 serves as {@code <file>.metadata}) by ranges
 * of its blob ({@link WheelZip}): the tail, the central directory, the member's header and data, each at most
 * {@value #MAX_PART_BYTES} bytes, so a wheel of any size is never read whole. Empty when the wheel has none
 * that can be read.
 */
final class WheelMetadataReader {
    static final int MAX_PART_BYTES = 16 << 20;

    private WheelMetadataReader() {
    }

    static CompletableFuture<Optional<byte[]>> read(BlobStore blobs, Digest digest, String distInfo) {
        return blobs.open(digest).thenCompose(opened -> {
            if (opened.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<byte[]>empty());
            }
            BlobContent blob = opened.get();
            long size = blob.size();
            int tailLength = (int) Math.min(size, WheelZip.TAIL_BYTES);
            return range(blob, size - tailLength, tailLength).thenCompose(tail -> {
                Optional<WheelZip.Span> span = WheelZip.centralDirectory(tail, size);
                if (span.isEmpty() || span.get().length() > MAX_PART_BYTES) {
                    return CompletableFuture.completedFuture(Optional.<byte[]>empty());
                }
                return range(blob, span.get().offset(), (int) span.get().length()).thenCompose(directory -> {
                    Optional<WheelZip.Member> member = WheelZip.metadataMember(directory, distInfo);
                    if (member.isEmpty() || member.get().compressedSize() > MAX_PART_BYTES
                            || member.get().size() > MAX_PART_BYTES
                            || member.get().localHeaderOffset() + WheelZip.LOCAL_HEADER_BYTES > size) {
                        return CompletableFuture.completedFuture(Optional.<byte[]>empty());
                    }
                    return member(blob, size, member.get());
                });
            }).whenComplete((v, e) -> blob.close());
        });
    }

    private static CompletableFuture<Optional<byte[]>> member(BlobContent blob, long size, WheelZip.Member member) {
        return range(blob, member.localHeaderOffset(), WheelZip.LOCAL_HEADER_BYTES).thenCompose(header -> {
            Optional<Long> offset = WheelZip.dataOffset(header, member);
            if (offset.isEmpty() || offset.get() + member.compressedSize() > size) {
                return CompletableFuture.completedFuture(Optional.<byte[]>empty());
            }
            return range(blob, offset.get(), (int) member.compressedSize()).thenApply(data -> WheelZip.extract(data, member));
        });
    }

    private static CompletableFuture<byte[]> range(BlobContent blob, long offset, int length) {
        return ByteSources.readAll(blob.stream(offset, length), length, "a wheel's zip structure");
    }
}
