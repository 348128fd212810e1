package dev.wharf.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a repository does: caches an upstream ({@code remote}), stores pushes ({@code local}), or merges members ({@code virtual}). */
public enum RepositoryType {
    REMOTE, LOCAL, VIRTUAL;

    /** The type named {@code id} exactly as the configuration writes it, e.g. {@code remote}. */
    public static RepositoryType of(String id) {
        for (RepositoryType t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new ConfigException(null, Check.quote(id) + " is not one of " + ids());
    }

    /** The lower-case name used in the configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    private static String ids() {
        return Arrays.stream(values()).map(RepositoryType::id).collect(Collectors.joining(", "));
    }
}
