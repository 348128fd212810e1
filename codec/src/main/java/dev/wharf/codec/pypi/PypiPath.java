package dev.wharf.codec.pypi;

import java.util.List;
import java.util.Optional;

/**
 * What a path of a PyPI repository names: the repository root (where uploads go), the project list
 * ({@code simple/}), a project page ({@code simple/<project>/}, any spelling of the name), a distribution file
 * ({@code packages/<project>/<filename>}) or its PEP 658 core metadata ({@code <filename>.metadata}).
 */
public sealed interface PypiPath {
    /** The suffix of a file's core metadata (PEP 658). */
    String METADATA_SUFFIX = ".metadata";

    /** The repository root. */
    record Root() implements PypiPath {
    }

    /** {@code simple/}. */
    record ProjectList() implements PypiPath {
    }

    /** {@code simple/<project>/}; {@code project} is normalised. */
    record Project(String project) implements PypiPath {
    }

    /**
     * {@code packages/<project>/<filename>}, or its {@code .metadata} when {@code metadata}; {@code project} is
     * normalised, {@code filename} the distribution file's.
     */
    record File(String project, String filename, boolean metadata) implements PypiPath {
        /** The repository path it is stored at. */
        public String path() {
            return FILES + project + "/" + filename + (metadata ? METADATA_SUFFIX : "");
        }

        /** The path of the distribution file itself. */
        public File distribution() {
            return new File(project, filename, false);
        }

        /** The path of the file's core metadata. */
        public File coreMetadata() {
            return new File(project, filename, true);
        }
    }

    /** Where a repository keeps its files. */
    String FILES = "packages/";

    /** The page of a project, relative to another project page: what file URLs are written relative to. */
    static String fileUrl(String project, String filename) {
        return "../../" + FILES + project + "/" + filename;
    }

    /** Reads the decoded segments of a path; empty for a path that names nothing of the format. */
    static Optional<PypiPath> parse(List<String> segments, boolean directory) {
        if (segments.isEmpty()) {
            return Optional.of(new Root());
        }
        String first = segments.get(0);
        if (first.equals("simple") && directory) {
            if (segments.size() == 1) {
                return Optional.of(new ProjectList());
            }
            if (segments.size() == 2 && ProjectName.isValid(segments.get(1))) {
                return Optional.of(new Project(ProjectName.normalize(segments.get(1))));
            }
        }
        if (first.equals("packages") && !directory && segments.size() == 3 && ProjectName.isValid(segments.get(1))) {
            String name = segments.get(2);
            boolean metadata = name.endsWith(METADATA_SUFFIX);
            String filename = metadata ? name.substring(0, name.length() - METADATA_SUFFIX.length()) : name;
            if (!filename.isEmpty()) {
                return Optional.of(new File(ProjectName.normalize(segments.get(1)), filename, metadata));
            }
        }
        return Optional.empty();
    }
}
