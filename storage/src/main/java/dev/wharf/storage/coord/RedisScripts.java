package dev.wharf.storage.coord;

/**
 * The Lua scripts that change a lease in Redis only for the lease that holds it (its value matches), which a
 * plain {@code PEXPIRE} or {@code DEL} could not ensure between reading the value and acting on it. Redis runs
 * each script atomically.
 */
final class RedisScripts {
    /** KEYS[1] the lease, ARGV[1] its value, ARGV[2] the new ttl in ms: 1 if renewed, 0 if not held by that value. */
    static final String RENEW = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('pexpire', KEYS[1], ARGV[2])
            end
            return 0
            """;

    /**
     * KEYS[1] the lease, ARGV[1] its value, ARGV[2] the release channel, ARGV[3] the message: deletes the lease
     * and publishes the message if the value matches (1), else changes nothing (0). Deleting and publishing in
     * one script means no waiter can see the message while the lease is still there.
     */
    static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              redis.call('del', KEYS[1])
              redis.call('publish', ARGV[2], ARGV[3])
              return 1
            end
            return 0
            """;

    private RedisScripts() {
    }
}
