package dev.wharf.upstream;

/** What a token endpoint answered: a token, or a refusal passed on to the caller as it is. */
sealed interface TokenOutcome {
    /** The endpoint issued a token. */
    record Granted(BearerToken token) implements TokenOutcome {
    }

    /** The endpoint answered with a non-200 status; the caller gets this response, body unread. */
    record Refused(UpstreamResponse response) implements TokenOutcome {
    }
}
