package dev.wharf.api;

import dev.wharf.server.RequestHandler;
import java.util.List;

/** A handler of one admin API resource that declares its route and the operations it serves there. */
public interface ApiHandler extends RequestHandler {
    /** The path the router mounts it at (it serves that path and the paths below it). */
    String route();

    /** Every operation it serves, for the route listing the OpenAPI document is checked against. */
    List<ApiOperation> operations();
}
