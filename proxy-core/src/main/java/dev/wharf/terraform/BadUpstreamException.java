package dev.wharf.terraform;

/** The upstream registry answered something the protocol does not allow (a package SHA256SUMS does not list, ...). */
final class BadUpstreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadUpstreamException(String message) {
        super(message);
    }
}
