package dev.wharf.storage.coord;

import java.util.Objects;

/**
 * The replica that holds a lease: its identity, and the internal address other replicas reach it at
 * (for instance {@code http://10.0.0.5:8081}), so that a replica finding a fill under way elsewhere can
 * follow it there. Both are opaque to coordination, and neither may be empty or contain whitespace.
 */
public record LeaseHolder(String replica, String address) {
    /** Checks both parts. */
    public LeaseHolder {
        requireToken(replica, "replica");
        requireToken(address, "address");
    }

    private static void requireToken(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.codePoints().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: not empty, no whitespace)");
        }
    }
}
