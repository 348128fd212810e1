package dev.wharf.codec.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme, normalised to
 * lower case, and its parameters, whose names are lower case. A challenge that carries a token68 instead
 * of parameters (for example {@code Negotiate abc==}) keeps it under the empty name; see {@link #token68()}.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    /** The parameter name under which a token68 is stored; no real parameter name can be empty. */
    public static final String TOKEN68 = "";

    public AuthChallenge {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(params, "params");
        if (!HttpTokens.isToken(scheme)) {
            throw new IllegalArgumentException("scheme: " + HttpTokens.abbreviate(scheme) + " (expected: an RFC 7230 token)");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "param name");
            String value = Objects.requireNonNull(e.getValue(), "param value");
            if (!name.equals(TOKEN68) && !HttpTokens.isToken(name)) {
                throw new IllegalArgumentException("param name: " + HttpTokens.abbreviate(name) + " (expected: an RFC 7230 token)");
            }
            if (copy.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                throw new IllegalArgumentException("param name: " + name + " (expected: each name at most once)");
            }
        }
        params = Collections.unmodifiableMap(copy);
    }

    /** The {@code realm} parameter: for a Bearer challenge, the token endpoint's URL. */
    public Optional<String> realm() {
        return param("realm");
    }

    /** The {@code service} parameter of a Bearer challenge. */
    public Optional<String> service() {
        return param("service");
    }

    /** The {@code scope} parameter of a Bearer challenge, e.g. {@code repository:library/alpine:pull}. */
    public Optional<String> scope() {
        return param("scope");
    }

    /** The token68 the challenge carries in place of parameters, if any. */
    public Optional<String> token68() {
        return param(TOKEN68);
    }

    /** The parameter {@code name} (case-insensitive), if present. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** True when the scheme equals {@code name}, ignoring case. */
    public boolean isScheme(String name) {
        return scheme.equalsIgnoreCase(name);
    }
}
