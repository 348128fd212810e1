package dev.wharf.e2e.support;

/** A content descriptor as OCI writes it: what the bytes are, their digest and their size. */
public record OciDescriptor(String mediaType, String digest, long size) {
    public OciDescriptor {
        Sha256.hex(digest);
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
    }
}
