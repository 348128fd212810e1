package dev.wharf.maven;

/** A deployed file or checksum file does not match the checksum sent with it or the file stored; nothing was stored. */
final class ChecksumMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChecksumMismatchException(String message) {
        super(message);
    }
}
