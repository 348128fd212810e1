package dev.wharf.codec.npm;

import java.util.Objects;

/** What a path under an npm repository asks for ({@link NpmPath#parse}). */
public sealed interface NpmRequest {
    /** {@code /<name>}: the packument (GET), a publish or an update of it (PUT). */
    record Packument(PackageName name) implements NpmRequest {
        public Packument {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code /<name>/-/<file>.tgz}: a version's tarball. */
    record Tarball(PackageName name, String file) implements NpmRequest {
        public Tarball {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
        }
    }

    /** {@code /-/package/<name>/dist-tags}: every dist-tag of a package. */
    record DistTags(PackageName name) implements NpmRequest {
        public DistTags {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code /-/package/<name>/dist-tags/<tag>}: one dist-tag, set (PUT) or removed (DELETE). */
    record DistTag(PackageName name, String tag) implements NpmRequest {
        public DistTag {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tag, "tag");
        }
    }

    /** {@code /<name>/-rev/<rev>}: the packument at a revision, replaced (PUT, unpublishing versions) or removed (DELETE). */
    record Revision(PackageName name, String rev) implements NpmRequest {
        public Revision {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rev, "rev");
        }
    }

    /** {@code /<name>/-/<file>.tgz/-rev/<rev>}: a tarball removed after its version was unpublished. */
    record TarballRevision(PackageName name, String file, String rev) implements NpmRequest {
        public TarballRevision {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(rev, "rev");
        }
    }

    /** Any other registry endpoint ({@code /-/npm/v1/security/...}, {@code /-/ping}, {@code /-/v1/search}, ...). */
    record Endpoint(String path) implements NpmRequest {
        public Endpoint {
            Objects.requireNonNull(path, "path");
        }
    }
}
