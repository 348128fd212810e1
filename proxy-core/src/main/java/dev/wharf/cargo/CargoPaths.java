package dev.wharf.cargo;

import dev.wharf.codec.cargo.CargoPath;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PublicUrls;
import dev.wharf.server.Exchange;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import java.util.Optional;

/** Reads a repository path as a Cargo request (answering 404 or 400 itself when it is none), and names stored paths. */
final class CargoPaths {
    private CargoPaths() {
    }

    /** The request, or empty once the exchange was answered. */
    static Optional<CargoPath> parse(Exchange exchange, RepositoryPath path) {
        try {
            Optional<CargoPath> request = CargoPath.parse(path.path());
            if (request.isEmpty()) {
                CargoResponses.error(exchange, HttpResponseStatus.NOT_FOUND, "not a Cargo index or API path: " + path.path());
            }
            return request;
        } catch (IllegalArgumentException e) {
            CargoResponses.error(exchange, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return Optional.empty();
        }
    }

    /** A sub-path of repository {@code key}. */
    static RepositoryPath path(String key, String within) {
        return RepositoryPath.parse(RepositoryPath.PREFIX + key + "/" + within);
    }

    /** Where a version's crate file is kept and served from: the download endpoint's own path. */
    static String download(String crate, String version) {
        return "api/v1/crates/" + crate.toLowerCase(Locale.ROOT) + "/" + version + "/download";
    }

    /** The {@code dl} base that makes Cargo download through repository {@code key}. */
    static String dl(Exchange exchange, String key) {
        return PublicUrls.repository(exchange, key) + "/api/v1/crates";
    }
}
