package dev.wharf.e2e.support;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code format: generic} entry of Wharf's config: a remote (with {@code url}, optional {@code mutable}
 * globs and {@code metadataTtl}), a local (optional {@code allowOverwrite}) or a virtual (with ordered
 * {@code members} and optional {@code deployTo}). Options a type does not have are null or empty; null
 * options are left out of the YAML so that Wharf's defaults apply.
 */
public record GenericRepository(String key, Type type, String url, List<String> mutable, String metadataTtl,
                                Boolean allowOverwrite, List<String> members, String deployTo) {
    /** The repository {@code type} key. */
    public enum Type {
        REMOTE, LOCAL, VIRTUAL;

        /** The lower-case name the config uses. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GenericRepository {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        if (!key.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("key: " + key + " (expected: [a-z0-9][a-z0-9._-]{0,63})");
        }
        mutable = List.copyOf(mutable);
        members = List.copyOf(members);
        if ((type == Type.REMOTE) != (url != null)) {
            throw new IllegalArgumentException("url: " + url + " (expected: set for a remote only)");
        }
        if (type != Type.REMOTE && (!mutable.isEmpty() || metadataTtl != null)) {
            throw new IllegalArgumentException("mutable and metadataTtl: only a remote has them");
        }
        if (type != Type.LOCAL && allowOverwrite != null) {
            throw new IllegalArgumentException("allowOverwrite: only a local has it");
        }
        if ((type == Type.VIRTUAL) == members.isEmpty()) {
            throw new IllegalArgumentException("members: " + members + " (expected: at least one for a virtual, none otherwise)");
        }
        if (deployTo != null && !members.contains(deployTo)) {
            throw new IllegalArgumentException("deployTo: " + deployTo + " (expected: one of the members " + members + ")");
        }
    }

    /** A generic remote named {@code key} caching the file tree at {@code url}; every file immutable. */
    public static GenericRepository remote(String key, String url) {
        return new GenericRepository(key, Type.REMOTE, Objects.requireNonNull(url, "url"), List.of(), null, null, List.of(), null);
    }

    /** A generic local named {@code key}, with Wharf's default for {@code allowOverwrite}. */
    public static GenericRepository local(String key) {
        return new GenericRepository(key, Type.LOCAL, null, List.of(), null, null, List.of(), null);
    }

    /** A generic virtual named {@code key} over {@code members}, searched in this order. */
    public static GenericRepository virtual(String key, String... members) {
        return new GenericRepository(key, Type.VIRTUAL, null, List.of(), null, null, List.of(members), null);
    }

    /** This remote treating paths that match any of {@code globs} as mutable metadata. */
    public GenericRepository mutable(String... globs) {
        return new GenericRepository(key, type, url, List.of(globs), metadataTtl, allowOverwrite, members, deployTo);
    }

    /** This remote with mutable files fresh for {@code ttl} (e.g. {@code 1s}). */
    public GenericRepository metadataTtl(String ttl) {
        return new GenericRepository(key, type, url, mutable, ttl, allowOverwrite, members, deployTo);
    }

    /** This local with {@code allowOverwrite} set explicitly. */
    public GenericRepository allowOverwrite(boolean allowed) {
        return new GenericRepository(key, type, url, mutable, metadataTtl, allowed, members, deployTo);
    }

    /** This virtual writing {@code PUT}s into its member {@code member}. */
    public GenericRepository deployTo(String member) {
        return new GenericRepository(key, type, url, mutable, metadataTtl, allowOverwrite, members, member);
    }
}
