package dev.wharf.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.WharfConfig;
import java.util.List;
import java.util.Optional;

/**
 * A package format (Docker, generic files, ...): everything Wharf needs to know of it, so that adding a
 * format is a new package plus one line where formats are listed ({@code app.BuiltInFormats}), and no
 * shared handler or config class learns its name. A format says what its repositories' configuration looks
 * like (typed options, a top-level section, built-in remotes, cross-checks) and serves its repositories,
 * either in a URL space of its own (Docker's {@code /v2}) or under {@code /repository/<key>/}.
 */
public interface Format {
    /** The id repositories name in {@code format:}, e.g. {@code docker}. */
    String id();

    /** The record bound from a repository's keys beyond the common ones, for a repository of this type. */
    Class<? extends Record> options(RepositoryType type);

    /** A top-level configuration section the format owns (Docker's {@code docker:}), if any. */
    default Optional<Section> section() {
        return Optional.empty();
    }

    /** What the format adds to the embedded default: repository list items and section values, as YAML trees. */
    default List<ObjectNode> embeddedDefaults() {
        return List.of();
    }

    /** Checks across the whole configuration that no single record can make; throws a {@code ConfigException}. */
    default void validate(WharfConfig config) {
    }

    /** Builds what the format serves for its configured repositories, over the shared services. */
    Served serve(FormatContext context);

    /** A top-level configuration section: its name and the record it binds to. */
    record Section(String name, Class<? extends Record> type) {
    }
}
