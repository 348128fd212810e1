package dev.wharf.config;

/**
 * {@code cluster}: what the replicas of one cluster share. Keys:
 * <ul>
 *   <li>{@code secret}: optional, no default; the replicas authenticate each other's internal calls with it; not
 *       blank when given; never printed</li>
 * </ul>
 */
public record ClusterConfig(String secret) {
    public ClusterConfig {
        if (secret != null) {
            Check.requiredText(secret, "secret");
        }
    }

    /** Tells whether a secret is set, never the secret. */
    @Override
    public String toString() {
        return "ClusterConfig[secret=" + Redaction.secret(secret) + "]";
    }
}
