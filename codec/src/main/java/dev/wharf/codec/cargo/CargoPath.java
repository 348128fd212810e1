package dev.wharf.codec.cargo;

import java.util.Optional;

/**
 * What a path within a Cargo repository asks for: the index's {@code config.json}, a crate's index file, or one of
 * the web API's endpoints ({@code api/v1/crates/...}: publish, download, yank, unyank, owners).
 *
 * @param crate   the crate named, or null (config, publish)
 * @param version the version named, or null
 */
public record CargoPath(Kind kind, String crate, String version) {
    private static final String API = "api/v1/crates/";

    /** The kinds of request. */
    public enum Kind { CONFIG, INDEX, PUBLISH, DOWNLOAD, YANK, UNYANK, OWNERS }

    /**
     * Parses a path within a repository; empty for none of the above.
     *
     * @throws IllegalArgumentException for an API path with a bad crate name or version
     */
    public static Optional<CargoPath> parse(String path) {
        if (path.equals("config.json")) {
            return Optional.of(new CargoPath(Kind.CONFIG, null, null));
        }
        if (path.startsWith(API)) {
            String[] parts = path.substring(API.length()).split("/", -1);
            if (parts.length == 1 && parts[0].equals("new")) {
                return Optional.of(new CargoPath(Kind.PUBLISH, null, null));
            }
            if (parts.length == 2 && parts[1].equals("owners")) {
                return Optional.of(new CargoPath(Kind.OWNERS, CrateName.check(parts[0]), null));
            }
            if (parts.length == 3) {
                Kind kind = switch (parts[2]) {
                    case "download" -> Kind.DOWNLOAD;
                    case "yank" -> Kind.YANK;
                    case "unyank" -> Kind.UNYANK;
                    default -> null;
                };
                if (kind != null) {
                    return Optional.of(new CargoPath(kind, CrateName.check(parts[0]), CrateVersion.check(parts[1])));
                }
            }
            return Optional.empty();
        }
        String crate = CrateName.fromIndexPath(path);
        return crate == null ? Optional.empty() : Optional.of(new CargoPath(Kind.INDEX, crate, null));
    }
}
