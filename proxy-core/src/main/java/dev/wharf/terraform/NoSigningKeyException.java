package dev.wharf.terraform;

/** A local repository without a {@code signingKey} was asked for what only a signature makes usable. */
final class NoSigningKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSigningKeyException(String key) {
        super("repository " + key + " has no signingKey, so it cannot serve the registry protocol's downloads "
                + "(configure signingKey, or install through the network mirror protocol)");
    }
}
