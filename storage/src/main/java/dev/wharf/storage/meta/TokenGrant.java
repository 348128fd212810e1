package dev.wharf.storage.meta;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One permission of an API token: {@code permission} ({@code read}, {@code write} or {@code admin}) on the
 * repositories whose key matches {@code repositories}, a key or a glob of keys ({@code *} any run of characters,
 * {@code ?} one). What the permissions imply is the server's business; the store keeps them as written.
 */
public record TokenGrant(String permission, String repositories) {
    /** The permissions a grant may name. */
    public static final Set<String> PERMISSIONS = Set.of("read", "write", "admin");
    private static final Pattern GLOB = Pattern.compile("[a-z0-9*?][a-z0-9._*?-]{0,63}");

    public TokenGrant {
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(repositories, "repositories");
        if (!PERMISSIONS.contains(permission)) {
            throw new IllegalArgumentException("permission: " + permission + " (expected: read, write or admin)");
        }
        if (!GLOB.matcher(repositories).matches()) {
            throw new IllegalArgumentException("repositories: " + repositories
                    + " (expected: a repository key or a glob of keys, e.g. images or team-*)");
        }
    }

    /** {@code "<permission> <repositories>"}, as stored and as {@link #parse} reads it. */
    @Override
    public String toString() {
        return permission + " " + repositories;
    }

    /** Reads {@code "<permission> <repositories>"} ({@code "write images"}); the separator may be {@code :} or {@code =} too. */
    public static TokenGrant parse(String text) {
        String trimmed = text.trim();
        int at = -1;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ' ' || c == ':' || c == '=') {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("grant: " + text + " (expected: <read|write|admin>:<repository key or glob>)");
        }
        return new TokenGrant(trimmed.substring(0, at), trimmed.substring(at + 1).trim());
    }
}
