package dev.wharf.auth;

import java.util.Locale;

/** What a token may do in a repository: {@code write} implies {@code read}; {@code admin} implies both (and, on every repository, the admin API). */
public enum Permission {
    READ, WRITE, ADMIN;

    /** True when holding this permission gives {@code other}. */
    public boolean implies(Permission other) {
        return compareTo(other) >= 0;
    }

    /** {@code read}, {@code write} or {@code admin}, as the API and the store write it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The permission named {@code id}. */
    public static Permission of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
