package dev.wharf.auth;

import dev.wharf.codec.Glob;
import dev.wharf.storage.meta.ApiToken;
import dev.wharf.storage.meta.TokenGrant;
import java.util.List;
import java.util.Optional;

/**
 * Who sent a request: {@link #ANONYMOUS}, the bootstrap admin, or the holder of a stored API token, with the
 * grants that token carries. {@code tokenId} is empty for the anonymous caller and {@code bootstrap} for the
 * bootstrap token.
 */
public record Caller(String name, Optional<String> tokenId, List<Grant> grants) {
    /** The caller without a token. */
    public static final Caller ANONYMOUS = new Caller("anonymous", Optional.empty(), List.of());
    /** The token id the bootstrap admin token stands for. */
    public static final String BOOTSTRAP_ID = "bootstrap";
    /** The bootstrap token's caller: admin of every repository. */
    public static final Caller BOOTSTRAP = new Caller("bootstrap", Optional.of(BOOTSTRAP_ID),
            List.of(new Grant(Permission.ADMIN, new Glob("*"))));

    /** One permission on the repositories whose key matches a glob. */
    public record Grant(Permission permission, Glob repositories) {
    }

    public Caller {
        grants = List.copyOf(grants);
    }

    /** The caller of a stored token. */
    public static Caller of(ApiToken token) {
        return new Caller(token.name(), Optional.of(token.id()), token.grants().stream().map(Caller::grant).toList());
    }

    private static Grant grant(TokenGrant grant) {
        return new Grant(Permission.of(grant.permission()), new Glob(grant.repositories()));
    }

    /** True for a request without a token. */
    public boolean anonymous() {
        return tokenId.isEmpty();
    }

    /** True when a grant gives {@code permission} (or more) on the repository {@code key}. */
    public boolean has(Permission permission, String key) {
        for (Grant grant : grants) {
            if (grant.permission().implies(permission) && grant.repositories().matches(key)) {
                return true;
            }
        }
        return false;
    }

    /** True for an admin of every repository ({@code admin} on {@code *}), who may use the admin API. */
    public boolean admin() {
        return grants.stream().anyMatch(g -> g.permission() == Permission.ADMIN && g.repositories().pattern().equals("*"));
    }
}
