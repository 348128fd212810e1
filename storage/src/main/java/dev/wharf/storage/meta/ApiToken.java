package dev.wharf.storage.meta;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API token as stored: never its secret, only the secret's SHA-256 ({@code secretSha256}, 64 lowercase hex
 * digits). {@code id} names it in the admin API ({@code [a-z0-9]{1,32}}); {@code name} is unique; {@code owner} is
 * the user or machine it belongs to; {@code expiresAt} is null for a token that does not expire. Instants are kept to
 * the microsecond, as the databases keep them.
 */
public record ApiToken(String id, String name, String owner, String secretSha256, List<TokenGrant> grants,
                       Instant createdAt, Instant expiresAt) {
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,32}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Longest name and owner. */
    public static final int MAX_LABEL = 128;

    public ApiToken {
        if (!ID.matcher(Objects.requireNonNull(id, "id")).matches()) {
            throw new IllegalArgumentException("id: " + id + " (expected: " + ID + ")");
        }
        label(name, "name");
        label(owner, "owner");
        if (!SHA256.matcher(Objects.requireNonNull(secretSha256, "secretSha256")).matches()) {
            throw new IllegalArgumentException("secretSha256: not 64 lowercase hex digits");
        }
        grants = List.copyOf(grants);
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("grants: none (expected: at least one permission)");
        }
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
        expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
    }

    private static void label(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.length() > MAX_LABEL || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + ": " + (value.isBlank() ? "blank" : "\"" + value.replaceAll("\\p{Cntrl}", "?") + "\"")
                    + " (expected: 1.." + MAX_LABEL + " characters without control characters)");
        }
    }

    /** True when the token has an expiry at or before {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The expiry, if any. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** Never prints the secret's hash, which is as good as a lookup key. */
    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", name=" + name + ", owner=" + owner + ", grants=" + grants + ", createdAt=" + createdAt
                + ", expiresAt=" + expiresAt + "]";
    }
}
