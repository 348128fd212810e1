package dev.wharf.e2e.support;

import java.util.List;
import java.util.Objects;

/**
 * One {@code format: docker} entry of Wharf's config that is not a remote: a local (pushed to) or a virtual
 * over ordered {@code members} with an optional {@code deployTo} local member that pushes through it land in.
 */
public record DockerRepository(String key, GenericRepository.Type type, List<String> members, String deployTo) {
    public DockerRepository {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        if (!key.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("key: " + key + " (expected: [a-z0-9][a-z0-9._-]{0,63})");
        }
        if (type == GenericRepository.Type.REMOTE) {
            throw new IllegalArgumentException("type: remote (expected: local or virtual; remotes are RemoteRepository)");
        }
        members = List.copyOf(members);
        if ((type == GenericRepository.Type.VIRTUAL) == members.isEmpty()) {
            throw new IllegalArgumentException("members: " + members + " (expected: at least one for a virtual, none otherwise)");
        }
        if (deployTo != null && !members.contains(deployTo)) {
            throw new IllegalArgumentException("deployTo: " + deployTo + " (expected: one of the members " + members + ")");
        }
    }

    /** A docker local named {@code key}. */
    public static DockerRepository local(String key) {
        return new DockerRepository(key, GenericRepository.Type.LOCAL, List.of(), null);
    }

    /** A docker virtual named {@code key} over {@code members}, searched in this order. */
    public static DockerRepository virtual(String key, String... members) {
        return new DockerRepository(key, GenericRepository.Type.VIRTUAL, List.of(members), null);
    }

    /** This virtual writing pushes into its member {@code member}. */
    public DockerRepository deployTo(String member) {
        return new DockerRepository(key, type, members, member);
    }
}
