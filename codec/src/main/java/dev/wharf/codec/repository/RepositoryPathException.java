package dev.wharf.codec.repository;

/** A path under {@code /repository/} that cannot be served; the message says why, for a 400. */
public final class RepositoryPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RepositoryPathException(String message) {
        super(message);
    }
}
