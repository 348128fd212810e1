package dev.wharf.codec.go;

import java.util.Optional;

/**
 * A GOPROXY protocol request within a repository: {@code <module>/@v/list}, {@code <module>/@latest}, or
 * {@code <module>/@v/<version>.info|.mod|.zip}, the module path case-encoded as sent.
 *
 * @param escapedModule the module path as sent (case-encoded)
 * @param module        the decoded module path
 * @param version       the version for INFO, MOD and ZIP, else null
 */
public record ProxyRequest(String escapedModule, String module, Kind kind, SemVer version) {
    /** What is asked for. */
    public enum Kind {
        LIST, LATEST, INFO, MOD, ZIP;

        /** The file extension of a version file. */
        public String extension() {
            return switch (this) {
                case INFO -> ".info";
                case MOD -> ".mod";
                case ZIP -> ".zip";
                default -> throw new IllegalStateException(name() + " is not a version file");
            };
        }
    }

    /**
     * Parses a path within a repository; empty for a path that is no GOPROXY request.
     *
     * @throws IllegalArgumentException for a GOPROXY request with a bad module path or version
     */
    public static Optional<ProxyRequest> parse(String path) {
        if (path.endsWith("/@latest")) {
            String escaped = path.substring(0, path.length() - "/@latest".length());
            return Optional.of(new ProxyRequest(escaped, ModulePath.unescape(escaped), Kind.LATEST, null));
        }
        int at = path.lastIndexOf("/@v/");
        if (at <= 0) {
            return Optional.empty();
        }
        String escaped = path.substring(0, at);
        String file = path.substring(at + "/@v/".length());
        if (file.equals("list")) {
            return Optional.of(new ProxyRequest(escaped, ModulePath.unescape(escaped), Kind.LIST, null));
        }
        for (Kind kind : new Kind[] {Kind.INFO, Kind.MOD, Kind.ZIP}) {
            if (file.endsWith(kind.extension())) {
                String version = file.substring(0, file.length() - kind.extension().length());
                return Optional.of(new ProxyRequest(escaped, ModulePath.unescape(escaped), kind,
                        SemVer.parse(ModulePath.unescape(version))));
            }
        }
        return Optional.empty();
    }

    /** The path of one of this version's files ({@code <module>/@v/<version><ext>}). */
    public String versionFile(Kind file) {
        return versionDirectory(escapedModule) + ModulePath.escape(version.toString()) + file.extension();
    }

    /** The directory a module's version files live in, {@code <escaped module>/@v/}. */
    public static String versionDirectory(String escapedModule) {
        return escapedModule + "/@v/";
    }
}
