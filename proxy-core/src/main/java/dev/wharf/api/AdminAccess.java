package dev.wharf.api;

import dev.wharf.auth.AccessControl;
import dev.wharf.auth.AuthenticationException;
import dev.wharf.auth.Caller;
import dev.wharf.auth.Challenges;
import dev.wharf.server.ErrorResponses;
import dev.wharf.server.Exchange;
import dev.wharf.storage.Futures;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Consumer;

/**
 * The admin API's gate: every call needs an admin of every repository ({@code admin} on {@code *}, or the bootstrap
 * token). 401 with a Basic challenge without a token (or with one that does not authenticate), 403 with one that is
 * not an admin, 429 for an address refused for too many failures; plain JSON errors.
 */
public final class AdminAccess {
    private final AccessControl access;

    public AdminAccess(AccessControl access) {
        this.access = access;
    }

    /** The access control behind the gate, for the token resource. */
    AccessControl control() {
        return access;
    }

    /** Runs {@code then} with the caller once it proved to be an admin; otherwise answers the refusal. */
    void admit(Exchange exchange, Consumer<Caller> then) {
        exchange.when(access.authenticate(exchange), (caller, error) -> {
            if (error != null) {
                if (Futures.unwrap(error) instanceof AuthenticationException failure) {
                    ErrorResponses.json(exchange, Challenges.of(exchange, failure), failure.getMessage());
                    return;
                }
                throw new IllegalStateException("verifying the token failed", Futures.unwrap(error));
            }
            if (caller.anonymous()) {
                ErrorResponses.json(exchange, Challenges.basic(exchange), "the admin API needs an admin token "
                        + "(Authorization: Bearer <token>)");
            } else if (!caller.admin()) {
                ErrorResponses.json(exchange, HttpResponseStatus.FORBIDDEN, "token " + caller.name()
                        + " is not an admin (the admin API needs admin on *)");
            } else {
                then.accept(caller);
            }
        });
    }
}
