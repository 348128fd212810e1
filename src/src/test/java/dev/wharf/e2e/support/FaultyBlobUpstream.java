package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** An upstream that declares each blob's true length and digest but never delivers the right bytes. */
public final class FaultyBlobUpstream extends InMemoryBlobRegistry {
    /** How the body goes wrong. */
    public enum Mode {
        /** Sends the first half of the body, then closes the connection. */
        TRUNCATE,
        /** Sends the full length, with the last byte changed: only the digest check can tell. */
        WRONG_BYTES
    }

    private final Mode mode;

    /** An upstream failing every blob body in {@code mode}. */
    public FaultyBlobUpstream(Mode mode) {
        this.mode = mode;
    }



    @Override
    protected void writeBlob(String digest, OutputStream body) throws IOException {
        byte[] content = content(digest);
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
