package dev.wharf.storage.coord;

import java.time.Duration;
import java.util.Optional;

/**
 * Where {@link RedisCoordination} keeps its state in Redis, under the key prefix {@code P}:
 * <pre>
 * P lease:KEY     "TOKEN REPLICA ADDRESS": the lease on KEY and its holder, expiring with the lease (PX)
 * P cache:KEY     a cached value, expiring with its ttl (PX)
 * P released      pub/sub channel: the message KEY each time the lease on KEY is released
 * </pre>
 * {@code TOKEN} is random for each lease, so only the lease that wrote a value matches it: a stale lease of
 * the same replica, or a replica whose lease expired and was taken over, can neither renew nor release it.
 */
final class RedisLayout {
    private final String prefix;

    RedisLayout(String prefix) {
        this.prefix = prefix;
    }

    String lease(String key) {
        return prefix + "lease:" + key;
    }

    String cache(String key) {
        return prefix + "cache:" + key;
    }

    String releaseChannel() {
        return prefix + "released";
    }

    /** The value of a lease key: unique to this lease, and naming its holder. */
    static String leaseValue(String token, LeaseHolder holder) {
        return token + " " + holder.replica() + " " + holder.address();
    }

    /** The holder a lease value names; empty for a value this layout did not write. */
    static Optional<LeaseHolder> holderOf(String leaseValue) {
        if (leaseValue == null) {
            return Optional.empty();
        }
        String[] parts = leaseValue.split(" ", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LeaseHolder(parts[1], parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A ttl as PX takes it: whole milliseconds, rounded up, since {@code PX 0} is an error. */
    static long pxMillis(Duration ttl) {
        long millis = ttl.toMillis();
        return ttl.minusMillis(millis).isZero() ? millis : millis + 1;
    }
}
