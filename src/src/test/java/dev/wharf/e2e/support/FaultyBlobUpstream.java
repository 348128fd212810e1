package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** An upstream that declares each blob's true length and digest but never delivers the right bytes. */
public final class FaultyBlobUpstream extends FakeBlobRegistry {
    /** How the body goes wrong. */
    public enum Mode {
        /** Sends the first half of the body, then closes the connection. */
        TRUNCATE,
        /** Sends the full length, with the last byte changed: only the digest check can tell. */
        WRONG_BYTES
    }

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Mode mode;

    /** An upstream failing every blob body in {@code mode}. */
    public FaultyBlobUpstream(Mode mode) {
        this.mode = mode;
    }

    /** Adds a blob (whose true digest is returned and announced); its body will be served wrong. */
    public String add(byte[] content) {
        String digest = Sha256.of(content);
        blobs.put(digest, content);
        return digest;
    }

    @Override
    protected OptionalLong size(String digest) {
        byte[] content = blobs.get(digest);
        return content == null ? OptionalLong.empty() : OptionalLong.of(content.length);
    }

    @Override
    protected void writeBlob(String digest, OutputStream body) throws IOException {
        byte[] content = blobs.get(digest);
        switch (mode) {
            case TRUNCATE -> {
                body.write(content, 0, content.length / 2);
                body.flush();
                throw new IOException("body cut short on purpose after " + content.length / 2 + " bytes");
            }
            case WRONG_BYTES -> {
                body.write(content, 0, content.length - 1);
                body.write(~content[content.length - 1]);
            }
        }
        body.flush();
    }
}
