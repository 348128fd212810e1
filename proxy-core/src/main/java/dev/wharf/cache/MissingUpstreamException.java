package dev.wharf.cache;

/** The upstream says the resource does not exist (now, or within the negative TTL); formats answer their 404. */
public final class MissingUpstreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingUpstreamException(String why) {
        super(why);
    }
}
