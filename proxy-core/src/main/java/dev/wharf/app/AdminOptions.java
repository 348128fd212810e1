package dev.wharf.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a running Wharf: {@code --server} (else {@code WHARF_SERVER}, else
 * {@code http://127.0.0.1:8080}), {@code --token} (else {@code WHARF_TOKEN}) and {@code --output text|json}.
 */
final class AdminOptions {
    @Option(names = "--server", defaultValue = "${env:WHARF_SERVER:-http://127.0.0.1:8080}",
            description = "the running Wharf (default: WHARF_SERVER, else ${DEFAULT-VALUE})")
    String server;
    @Option(names = "--token", defaultValue = "${env:WHARF_TOKEN}", description = "an admin token (default: WHARF_TOKEN)")
    String token;
    @Option(names = "--output", defaultValue = "text", description = "text or json")
    String output;

    boolean json() {
        return "json".equalsIgnoreCase(output);
    }

    /** What a command does with the client. */
    @FunctionalInterface
    interface Work {
        void run(AdminClient client) throws AdminClient.Failure, InterruptedException;
    }

    /** Runs {@code work}; a failure is one line on standard error and its exit code. */
    int run(CommandSpec spec, Work work) throws InterruptedException {
        try {
            if (!output.equalsIgnoreCase("text") && !json()) {
                throw new AdminClient.Failure(2, "--output " + output + " (expected text or json)");
            }
            work.run(new AdminClient(server, token));
            return 0;
        } catch (AdminClient.Failure failure) {
            spec.commandLine().getErr().println("wharf " + spec.qualifiedName(" ").replaceFirst("^wharf ", "") + ": "
                    + failure.getMessage());
            return failure.exitCode();
        }
    }
}
