package dev.wharf.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wharf token create|list|revoke}: the admin API's tokens from the command line. */
@Command(name = "token", description = "Create, list and revoke API tokens of a running Wharf.",
        mixinStandardHelpOptions = true, subcommands = {TokenCommand.Create.class, TokenCommand.List.class,
        TokenCommand.Revoke.class})
final class TokenCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** {@code wharf token create NAME --permission write:images ...}: prints the secret, shown only this once. */
    @Command(name = "create", description = "Create a token; its secret is printed once.", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the token's name (unique)")
        String name;
        @Option(names = "--owner", description = "the user or machine it belongs to (default: the caller)")
        String owner;
        @Option(names = {"-p", "--permission"}, required = true,
                description = "read|write|admin:<repository key or glob>, e.g. write:images; repeatable")
        java.util.List<String> permissions;
        @Option(names = "--expires-at", description = "an ISO-8601 instant, e.g. 2030-01-01T00:00:00Z")
        String expiresAt;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode();
            body.put("name", name);
            if (owner != null) {
                body.put("owner", owner);
            }
            permissions.forEach(body.putArray("permissions")::add);
            if (expiresAt != null) {
                body.put("expiresAt", expiresAt);
            }
            return admin.run(spec, client -> {
                JsonNode created = client.send("POST", "/api/v1/tokens", body.toString(), TIMEOUT);
                PrintWriter out = spec.commandLine().getOut();
                if (admin.json()) {
                    out.println(created);
                } else {
                    out.println("token " + created.path("name").asText() + " (id " + created.path("id").asText() + ") created; "
                            + "its secret, shown only now:");
                    out.println(created.path("token").asText());
                }
            });
        }
    }

    /** {@code wharf token list}: the tokens, without secrets. */
    @Command(name = "list", description = "List the tokens (never their secrets).", mixinStandardHelpOptions = true)
    static final class List implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return admin.run(spec, client -> {
                JsonNode tokens = client.send("GET", "/api/v1/tokens", null, TIMEOUT).path("tokens");
                PrintWriter out = spec.commandLine().getOut();
                if (admin.json()) {
                    out.println(tokens);
                    return;
                }
                out.printf("%-22s %-24s %-16s %-22s %s%n", "ID", "NAME", "OWNER", "EXPIRES", "PERMISSIONS");
                for (JsonNode token : tokens) {
                    out.printf("%-22s %-24s %-16s %-22s %s%n", token.path("id").asText(), token.path("name").asText(),
                            token.path("owner").asText(), token.path("expiresAt").isNull() ? "never" : token.path("expiresAt").asText(),
                            String.join(",", JSON.convertValue(token.path("permissions"), String[].class)));
                }
            });
        }
    }

    /** {@code wharf token revoke ID|NAME}. */
    @Command(name = "revoke", description = "Revoke a token by id or name.", mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the token's id or name")
        String token;

        @Override
        public Integer call() throws Exception {
            return admin.run(spec, client -> {
                String id = token;
                for (JsonNode known : client.send("GET", "/api/v1/tokens", null, TIMEOUT).path("tokens")) {
                    if (known.path("name").asText().equals(token)) {
                        id = known.path("id").asText();
                    }
                }
                client.send("DELETE", "/api/v1/tokens/" + id, null, TIMEOUT);
                spec.commandLine().getOut().println(admin.json() ? "{\"revoked\":\"" + id + "\"}" : "token " + token + " revoked");
            });
        }
    }

}
