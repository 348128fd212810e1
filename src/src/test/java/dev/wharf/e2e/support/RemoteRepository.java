package dev.wharf.e2e.support;

import java.util.List;
import java.util.Objects;

/**
 * One {@code format: docker, type: remote} entry of Wharf's config. {@code metadataTtl}, {@code negativeTtl},
 * {@code username}, {@code password} and {@code upstream} are null when not configured; the password may
 * be a {@code ${ENV_NAME}} reference.
 */
public record RemoteRepository(String key, String url, String metadataTtl, String negativeTtl, List<String> blocklist,
                               String username, String password, UpstreamTimeouts upstream) {
    public RemoteRepository {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
        if (!key.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("key: " + key + " (expected: [a-z0-9][a-z0-9._-]{0,63})");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("credentials: username and password go together");
        }
        blocklist = List.copyOf(blocklist);
    }

    /** A remote named {@code key} proxying {@code url}, with defaults for everything else. */
    public static RemoteRepository of(String key, String url) {
        return new RemoteRepository(key, url, null, null, List.of(), null, null, null);
    }

    /** This remote with tags fresh for {@code ttl} (e.g. {@code 2s}). */
    public RemoteRepository metadataTtl(String ttl) {
        return new RemoteRepository(key, url, ttl, negativeTtl, blocklist, username, password, upstream);
    }

    /** This remote remembering an upstream 404 for {@code ttl} (e.g. {@code 2s}). */
    public RemoteRepository negativeTtl(String ttl) {
        return new RemoteRepository(key, url, metadataTtl, ttl, blocklist, username, password, upstream);
    }

    /** This remote answering 403 for images matching any of {@code patterns}. */
    public RemoteRepository blocklist(String... patterns) {
        return new RemoteRepository(key, url, metadataTtl, negativeTtl, List.of(patterns), username, password, upstream);
    }

    /** This remote logging in upstream as {@code user} with {@code password} (may be {@code ${ENV}}). */
    public RemoteRepository credentials(String user, String pass) {
        return new RemoteRepository(key, url, metadataTtl, negativeTtl, blocklist, user, pass, upstream);
    }

    /** This remote with the {@code upstream} block's timeouts. */
    public RemoteRepository upstream(UpstreamTimeouts timeouts) {
        return new RemoteRepository(key, url, metadataTtl, negativeTtl, blocklist, username, password, timeouts);
    }
}
