package dev.wharf.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The package format a repository serves; written in lower case in the configuration ({@code docker}, {@code pypi}, ...). */
public enum Format {
    DOCKER, PYPI, TERRAFORM, NPM, MAVEN, GO, HELM, CARGO, GENERIC, DEB, RPM;

    /** The format named {@code id} exactly as the configuration writes it, e.g. {@code docker}. */
    public static Format of(String id) {
        for (Format f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new ConfigException(null, Check.quote(id) + " is not one of " + ids());
    }

    /** The lower-case name used in the configuration and in URLs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    private static String ids() {
        return Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", "));
    }
}
