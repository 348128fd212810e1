package dev.wharf.e2e.support;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** A fake registry holding its blobs in memory; subclasses decide how a body is sent. */
public abstract class InMemoryBlobRegistry extends FakeBlobRegistry {
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    /** Adds a blob; returns its digest. */
    public String add(byte[] content) {
        String digest = Sha256.of(content);
        blobs.put(digest, content);
        return digest;
    }

    /** The bytes of a blob added before. */
    protected byte[] content(String digest) {
        return blobs.get(digest);
    }

    @Override
    protected OptionalLong size(String digest) {
        byte[] content = blobs.get(digest);
        return content == null ? OptionalLong.empty() : OptionalLong.of(content.length);
    }
}
