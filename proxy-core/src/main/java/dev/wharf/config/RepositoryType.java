package dev.wharf.config;

/** What a repository does: caches an upstream ({@code remote}), stores pushes ({@code local}), or merges members ({@code virtual}). */
public enum RepositoryType {
    REMOTE, LOCAL, VIRTUAL;

    /** The type named {@code id} exactly as the configuration writes it, e.g. {@code remote}. */
    public static RepositoryType of(String id) {
        return ConfigIds.byId(RepositoryType.class, id);
    }

    /** The lower-case name used in the configuration. */
    public String id() {
        return ConfigIds.id(this);
    }

    @Override
    public String toString() {
        return id();
    }
}
