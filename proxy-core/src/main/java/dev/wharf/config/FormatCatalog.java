package dev.wharf.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The formats a build has, as the configuration sees them; implemented where formats are listed. */
public interface FormatCatalog {
    /** The ids of the formats, e.g. "docker", "generic". */
    Set<String> ids();

    /** The record type bound from a repository's keys beyond the common ones, for one format and type (a record with no components when the format has none). */
    Class<? extends Record> repositoryOptions(String format, RepositoryType type);

    /** Top-level sections owned by formats, by name (e.g. "docker"); an absent section binds from an empty mapping. */
    Map<String, Class<? extends Record>> sections();

    /** What the formats add to the embedded default: repositories (list items) and section values, as YAML trees merged into the default tree. */
    List<ObjectNode> embeddedDefaults();

    /** Cross-checks over the whole configuration (e.g. docker.defaultRepository names a docker repository); throws ConfigException with a key path. */
    void validate(WharfConfig config);
}
