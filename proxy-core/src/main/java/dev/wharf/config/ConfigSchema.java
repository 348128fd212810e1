package dev.wharf.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every key the configuration file knows, as a tree. The binder rejects keys not in it (typos must not pass
 * silently); the environment overrides match variable names against it.
 */
final class ConfigSchema {
    /** Keys starting with this are the user's own (YAML anchors, notes) and are ignored. */
    static final String EXTENSION_PREFIX = "x-";

    /** What a key holds. */
    enum Kind {
        /** A mapping of further keys. */
        SECTION,
        /** One scalar: text, number, boolean, duration, path, URL. */
        VALUE,
        /** A list of scalars. */
        LIST,
        /** A list of mappings, each with the children of this key (the repositories). */
        SECTION_LIST
    }

    /** One key, and for a section or section list, the keys inside it. */
    record Key(String name, Kind kind, List<Key> children) {
        Optional<Key> child(String childName) {
            return children.stream().filter(k -> k.name.equals(childName)).findFirst();
        }

        Optional<Key> childIgnoringCase(String childName) {
            return children.stream().filter(k -> k.name.equalsIgnoreCase(childName)).findFirst();
        }

        String childNames() {
            return children.stream().map(Key::name).collect(Collectors.joining(", "));
        }
    }

    static final Key ROOT = section("",
            section("server",
                    value("bindAddress"), value("port"),
                    section("tls", value("certificate"), value("privateKey")),
                    section("limits", value("maxInitialLineLength"), value("maxHeaderSize"),
                            value("maxManifestBytes"), value("maxJsonBodyBytes")),
                    value("idleTimeout"), value("shutdownGrace")),
            section("storage",
                    section("blobs", value("type"), value("path"), value("endpoint"), value("region"), value("bucket"),
                            value("accessKey"), value("secretKey"), value("pathStyle"), value("prefix")),
                    section("metadata", value("type"), value("path"), value("url"), value("username"),
                            value("password"), value("poolSize")),
                    section("coordination", value("type"), value("url"))),
            section("docker", value("defaultRepository")),
            section("auth", value("anonymousRead")),
            new Key("repositories", Kind.SECTION_LIST, List.of(
                    value("key"), value("format"), value("type"), value("url"), value("username"), value("password"),
                    value("metadataTtl"), value("negativeTtl"), list("blocklist"), list("members"), value("deployTo"))));

    private ConfigSchema() {
    }

    private static Key section(String name, Key... children) {
        return new Key(name, Kind.SECTION, List.of(children));
    }

    private static Key value(String name) {
        return new Key(name, Kind.VALUE, List.of());
    }

    private static Key list(String name) {
        return new Key(name, Kind.LIST, List.of());
    }
}
