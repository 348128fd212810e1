package dev.wharf.npm;

/** A publish of a version the repository has: answered 409, as the registry does. */
final class VersionExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    VersionExistsException(String name, String version, String key) {
        super("cannot publish over the previously published version " + version + " of " + name + " in repository " + key);
    }
}
