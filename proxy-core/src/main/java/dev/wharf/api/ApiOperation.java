package dev.wharf.api;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One operation of the admin API as its handler declares it: the method, the path template (path parameters in
 * braces, {@code /api/v1/tokens/{id}}), the query parameters it reads and every status it answers. The OpenAPI
 * document ({@code /api/v1/openapi.json}) describes exactly these; a test holds the two together.
 */
public record ApiOperation(String method, String path, List<String> query, List<Integer> statuses) {
    /** What {@link AdminAccess} answers before a handler runs: no or a bad token, not an admin, too many failures. */
    private static final List<Integer> REFUSALS = List.of(401, 403, 429);

    public ApiOperation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = List.copyOf(query);
        statuses = List.copyOf(statuses);
    }

    /** An operation behind {@link AdminAccess}: {@code statuses} plus the gate's refusals. */
    static ApiOperation admin(String method, String path, List<String> query, Integer... statuses) {
        return new ApiOperation(method, path, query, Stream.concat(Stream.of(statuses), REFUSALS.stream()).sorted().toList());
    }
}
