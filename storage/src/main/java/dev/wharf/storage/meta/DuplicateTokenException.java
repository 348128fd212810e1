package dev.wharf.storage.meta;

/** A token's id, name or secret is taken by another token. */
public final class DuplicateTokenException extends RuntimeException {
    public DuplicateTokenException(String message) {
        super(message);
    }
}
