package dev.wharf.codec.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/** A version a local repository stores: its manifest (with {@code dist}) and when it was published. */
public record StoredVersion(String version, ObjectNode manifest, Instant published) {
    public StoredVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(published, "published");
    }
}
