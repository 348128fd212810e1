package dev.wharf.format;

import dev.wharf.server.RouterHandler;
import java.util.List;
import java.util.Map;

/**
 * What a format serves: URL spaces of its own (Docker's {@code /v2}), and handlers of its repositories
 * under {@code /repository/<key>/}, by key.
 */
public record Served(List<RouterHandler.Route> routes, Map<String, RepositoryHandler> repositories) {
    public Served {
        routes = List.copyOf(routes);
        repositories = Map.copyOf(repositories);
    }

    /** Only routes of its own. */
    public static Served routes(RouterHandler.Route... routes) {
        return new Served(List.of(routes), Map.of());
    }

    /** Only repositories under {@code /repository/}. */
    public static Served repositories(Map<String, RepositoryHandler> repositories) {
        return new Served(List.of(), repositories);
    }
}
