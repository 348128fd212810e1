package dev.wharf.codec.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request of the registry API, as {@link DockerPath#parse} reads it from a {@code /v2/} path.
 * A name is the full name as sent: it may begin with a repository key, which the router strips.
 */
public sealed interface DockerRequest {

    /** A request about one repository name. */
    sealed interface Named extends DockerRequest {
        /** The repository name. */
        ImageName name();
    }

    /** {@code /v2/}: the API version check. */
    record Ping() implements DockerRequest {
    }

    /** {@code /v2/_catalog}: the list of repositories. */
    record Catalog() implements DockerRequest {
    }

    /** {@code /v2/<name>/manifests/<reference>}. */
    record Manifest(ImageName name, Reference reference) implements Named {
        public Manifest {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** {@code /v2/<name>/blobs/<digest>}. */
    record Blob(ImageName name, Digest digest) implements Named {
        public Blob {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /** {@code /v2/<name>/blobs/uploads/}: starts an upload (or mounts, or uploads monolithically). */
    record UploadStart(ImageName name) implements Named {
        public UploadStart {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * {@code /v2/<name>/blobs/uploads/<uuid>}: one upload session. The id is
     * {@code [A-Za-z0-9_-][A-Za-z0-9._=-]{0,127}}: what registries hand out (UUIDs, base64url),
     * never a dot segment, safe to use as a storage key.
     */
    record Upload(ImageName name, String uuid) implements Named {
        private static final Pattern UUID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._=-]{0,127}");
        private static final int MAX_UUID_LENGTH = 128;

        public Upload {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uuid, "uuid");
            if (!isValidUuid(uuid)) {
                throw new IllegalArgumentException(
                        "upload id: " + Printable.of(uuid) + " (expected: [A-Za-z0-9_-][A-Za-z0-9._=-]{0,127})");
            }
        }

        /** True when {@code text} is a well-formed upload id. */
        public static boolean isValidUuid(String text) {
            return text != null && text.length() <= MAX_UUID_LENGTH && UUID.matcher(text).matches();
        }
    }

    /** {@code /v2/<name>/tags/list}. */
    record TagList(ImageName name) implements Named {
        public TagList {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code /v2/<name>/referrers/<digest>}: the artifacts that refer to a manifest. */
    record Referrers(ImageName name, Digest digest) implements Named {
        public Referrers {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(digest, "digest");
        }
    }
}
