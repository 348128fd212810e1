package dev.wharf.config;

/** The package format a repository serves; written in lower case in the configuration ({@code docker}, {@code pypi}, ...). */
public enum Format {
    DOCKER, PYPI, TERRAFORM, NPM, MAVEN, GO, HELM, CARGO, GENERIC, DEB, RPM;

    /** The format named {@code id} exactly as the configuration writes it, e.g. {@code docker}. */
    public static Format of(String id) {
        return ConfigIds.byId(Format.class, id);
    }

    /** The lower-case name used in the configuration and in URLs. */
    public String id() {
        return ConfigIds.id(this);
    }

    @Override
    public String toString() {
        return id();
    }
}
