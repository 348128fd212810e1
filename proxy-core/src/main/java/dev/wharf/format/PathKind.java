package dev.wharf.format;

/** What a path of a remote repository holds, which decides how it is cached. */
public enum PathKind {
    /** Immutable content (a release file, a versioned package): cached until removed, never revalidated. */
    CONTENT,
    /** Mutable metadata (an index, a "latest" file, a listing): fresh for metadataTtl, then revalidated. */
    METADATA
}
