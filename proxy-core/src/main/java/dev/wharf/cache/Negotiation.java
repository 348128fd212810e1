package dev.wharf.cache;

import java.util.List;
import java.util.Objects;

/**
 * Which cached variants of a negotiated resource a client may be given: the media types its {@code Accept}
 * admits among those the format serves for the resource, in the client's order of preference. A resource
 * that is not negotiated has the single variant {@code ""} ({@link #NONE}).
 *
 * @param acceptable variants the client admits, most preferred first
 * @param key        a canonical form of what the client admits, so that the negative cache remembers an
 *                   upstream 404 only for requests that would have been answered alike
 */
public record Negotiation(List<String> acceptable, String key) {
    /** A resource with one representation. */
    public static final Negotiation NONE = new Negotiation(List.of(""), "");

    public Negotiation {
        acceptable = List.copyOf(acceptable);
        Objects.requireNonNull(key, "key");
    }

    /** True for the single-representation resource. */
    public boolean isNone() {
        return acceptable.equals(NONE.acceptable);
    }
}
