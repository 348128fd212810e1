package dev.wharf.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.auth.Caller;
import dev.wharf.auth.TokenSecrets;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.server.RequestBodyTooLargeException;
import dev.wharf.storage.ByteSources;
import dev.wharf.storage.Futures;
import dev.wharf.storage.TooLargeException;
import dev.wharf.storage.meta.ApiToken;
import dev.wharf.storage.meta.DuplicateTokenException;
import dev.wharf.storage.meta.TokenGrant;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's tokens, {@value #ROUTE}: {@code POST} creates one from {@code {"name", "owner", "permissions":
 * ["write:images", "read:team-*"], "expiresAt"}} and answers it with its secret ({@code token}), the only time the
 * secret is shown; {@code GET} lists them without secrets; {@code DELETE /api/v1/tokens/<id>} revokes one (it stops
 * working on every replica within {@code AccessControl.CACHE_TTL}, at once on this one). Admins only.
 */
public final class TokenApiHandler implements ApiHandler {
    /** The path this handler serves. */
    public static final String ROUTE = "/api/v1/tokens";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final List<ApiOperation> OPERATIONS = List.of(
            ApiOperation.admin("POST", ROUTE, List.of(), 201, 400, 409, 413),
            ApiOperation.admin("GET", ROUTE, List.of(), 200),
            ApiOperation.admin("DELETE", ROUTE + "/{id}", List.of(), 204, 404));
    private static final int MAX_BODY = 64 * 1024;

    private final AdminAccess admins;
    private final Clock clock;

    public TokenApiHandler(AdminAccess admins, Clock clock) {
        this.admins = admins;
        this.clock = clock;
    }

    @Override
    public String route() {
        return ROUTE;
    }

    @Override
    public List<ApiOperation> operations() {
        return OPERATIONS;
    }

    @Override
    public void handle(Exchange exchange) {
        String path = exchange.path();
        String id = path.equals(ROUTE) ? null : path.substring(ROUTE.length() + 1);
        if (id != null && (id.isEmpty() || id.contains("/"))) {
            exchange.error(HttpResponseStatus.NOT_FOUND, "not found: " + path);
            return;
        }
        admins.admit(exchange, caller -> {
            HttpMethod method = exchange.method();
            if (id == null && method.equals(HttpMethod.POST)) {
                create(exchange, caller);
            } else if (id == null && (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))) {
                list(exchange);
            } else if (id != null && method.equals(HttpMethod.DELETE)) {
                revoke(exchange, id);
            } else {
                DefaultHttpHeaders headers = new DefaultHttpHeaders();
                headers.set(HttpHeaderNames.ALLOW, id == null ? "GET, HEAD, POST" : "DELETE");
                exchange.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, headers, JSON_TYPE,
                        "{\"status\":405,\"error\":\"Method Not Allowed\",\"message\":\"" + method + " " + path + " (expected "
                                + (id == null ? "GET or POST" : "DELETE") + ")\"}\n");
            }
        });
    }

    private void create(Exchange exchange, Caller caller) {
        exchange.when(ByteSources.readAll(exchange.requestBody(MAX_BODY), MAX_BODY, "token request"), (body, error) -> {
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                // The router refuses a body past the limit as it streams; readAll refuses one it would have to hold.
                boolean tooLarge = cause instanceof RequestBodyTooLargeException || cause instanceof TooLargeException;
                exchange.error(tooLarge ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
                        "token request: " + cause.getMessage());
                return;
            }
            String secret = TokenSecrets.newSecret();
            ApiToken token;
            try {
                token = parse(body, secret, caller);
            } catch (IllegalArgumentException e) {
                exchange.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
            exchange.when(admins.control().tokens().create(token), (v, failure) -> {
                if (failure != null) {
                    if (Futures.unwrap(failure) instanceof DuplicateTokenException duplicate) {
                        exchange.error(HttpResponseStatus.CONFLICT, duplicate.getMessage());
                        return;
                    }
                    throw new IllegalStateException("storing the token failed", Futures.unwrap(failure));
                }
                Map<String, Object> fields = fields(token);
                fields.put("token", secret);
                DefaultHttpHeaders headers = new DefaultHttpHeaders();
                headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                headers.set(HttpHeaderNames.LOCATION, ROUTE + "/" + token.id());
                exchange.respond(HttpResponseStatus.CREATED, headers, JSON_TYPE, json(fields) + "\n");
            });
        });
    }

    /** The token a request body asks for; an {@link IllegalArgumentException} says what is wrong. */
    private ApiToken parse(byte[] body, String secret, Caller caller) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("token request: not JSON (expected {\"name\": ..., \"permissions\": [...]})");
        }
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("token request: expected a JSON object");
        }
        String name = text(request, "name", null);
        if (name == null) {
            throw new IllegalArgumentException("name: required");
        }
        String owner = text(request, "owner", caller.name());
        JsonNode permissions = request.path("permissions");
        if (!permissions.isArray() || permissions.isEmpty()) {
            throw new IllegalArgumentException("permissions: required, a list such as [\"write:images\", \"read:*\"]");
        }
        List<TokenGrant> grants = new ArrayList<>();
        for (JsonNode permission : permissions) {
            if (!permission.isTextual()) {
                throw new IllegalArgumentException("permissions: each is a string such as \"write:images\"");
            }
            grants.add(TokenGrant.parse(permission.asText()));
        }
        Instant expiresAt = null;
        String expiry = text(request, "expiresAt", null);
        if (expiry != null) {
            try {
                expiresAt = Instant.parse(expiry);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expiresAt: " + expiry + " (expected an ISO-8601 instant, e.g. 2030-01-01T00:00:00Z)");
            }
        }
        return new ApiToken(TokenSecrets.newId(), name, owner, TokenSecrets.sha256(secret), grants, clock.instant(), expiresAt);
    }

    private static String text(JsonNode request, String field, String fallback) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + ": expected a string");
        }
        return value.asText();
    }

    private void list(Exchange exchange) {
        exchange.when(admins.control().tokens().list(), (tokens, error) -> {
            if (error != null) {
                throw new IllegalStateException("listing tokens failed", Futures.unwrap(error));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tokens", tokens.stream().map(TokenApiHandler::fields).toList());
            exchange.respond(HttpResponseStatus.OK, new DefaultHttpHeaders(), JSON_TYPE, json(body) + "\n");
        });
    }

    private void revoke(Exchange exchange, String id) {
        exchange.when(admins.control().tokens().find(id), (found, error) -> {
            if (error != null) {
                throw new IllegalStateException("finding the token failed", Futures.unwrap(error));
            }
            if (found.isEmpty()) {
                exchange.error(HttpResponseStatus.NOT_FOUND, "no token with id " + dev.wharf.codec.Printable.of(id));
                return;
            }
            exchange.when(admins.control().tokens().revoke(id), (existed, failure) -> {
                if (failure != null) {
                    throw new IllegalStateException("revoking the token failed", Futures.unwrap(failure));
                }
                admins.control().verifier().forget(found.get());
                exchange.respond(HttpResponseStatus.NO_CONTENT, new DefaultHttpHeaders(), io.netty.buffer.Unpooled.EMPTY_BUFFER);
            });
        });
    }

    /** A token's fields for the API: never its secret or the secret's hash. */
    static Map<String, Object> fields(ApiToken token) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", token.id());
        fields.put("name", token.name());
        fields.put("owner", token.owner());
        fields.put("permissions", token.grants().stream().map(g -> g.permission() + ":" + g.repositories()).toList());
        fields.put("createdAt", token.createdAt().toString());
        fields.put("expiresAt", token.expiresAt() == null ? null : token.expiresAt().toString());
        return fields;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void error(Exchange exchange, HttpResponseStatus status, String message) {
        ErrorResponses.json(exchange, status, message);
    }
}
