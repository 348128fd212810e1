package dev.wharf.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wharf stats [KEY]}: the admin API's per-repository statistics as a table, or its JSON. */
@Command(name = "stats", description = "Show per-repository statistics of a running Wharf (since that replica started).",
        mixinStandardHelpOptions = true)
final class StatsCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ROW = "%-24s %-9s %-8s %9s %9s %9s %10s %10s %10s %8s  %s%n";
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    @Mixin
    AdminOptions admin;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", description = "one repository's key (default: every repository and the total)")
    String key;

    @Override
    public Integer call() throws Exception {
        return admin.run(spec, client -> {
            JsonNode stats = client.send("GET", "/api/v1/stats" + (key == null ? "" : "/" + key), null, TIMEOUT);
            PrintWriter out = spec.commandLine().getOut();
            if (admin.json()) {
                out.println(stats);
                return;
            }
            out.printf(ROW, "REPOSITORY", "FORMAT", "TYPE", "REQUESTS", "HITS", "MISSES", "SERVED", "UPSTREAM", "STORED",
                    "OBJECTS", "LAST ACCESS");
            if (key != null) {
                row(out, stats);
                return;
            }
            stats.path("repositories").forEach(repository -> row(out, repository));
            JsonNode total = stats.path("total");
            out.printf(ROW, "total", "", "", total.path("requests").asLong(), total.path("hits").asLong(),
                    total.path("misses").asLong(), bytes(total.path("bytesServed").asLong()),
                    bytes(total.path("bytesFromUpstream").asLong()), bytes(total.path("storageBytes").asLong()),
                    total.path("objects").asLong(), "");
            out.println("since " + stats.path("since").asText());
        });
    }

    private static void row(PrintWriter out, JsonNode r) {
        out.printf(ROW, r.path("key").asText(), r.path("format").asText(), r.path("type").asText(), r.path("requests").asLong(),
                r.path("hits").asLong(), r.path("misses").asLong(), bytes(r.path("bytesServed").asLong()),
                bytes(r.path("bytesFromUpstream").asLong()), bytes(r.path("storageBytes").asLong()), r.path("objects").asLong(),
                r.path("lastAccess").isNull() ? "never" : r.path("lastAccess").asText());
    }

    /** {@code 1536} as {@code 1.5 KiB}: the table is for people; {@code --output json} has the exact counts. */
    static String bytes(long n) {
        int unit = 0;
        double value = n;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
