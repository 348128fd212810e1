package dev.wharf.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code wharf gc [--dry-run] [--url URL] [--token TOKEN]}: asks a running Wharf to collect garbage now ({@code POST /api/v1/gc})
 * and prints its report, one field a line. Exit code 0 when the collection ran, 1 when it failed, 3 when the server
 * could not be reached, 4 for a missing or refused token (each with one line saying why), 2 for a wrong command line.
 */
final class GcCommand {
    static final String USAGE = """
            usage: java -jar wharf.jar gc [--dry-run] [--url URL] [--token TOKEN]

              --dry-run          report what would be removed, remove nothing
              --url URL          the running Wharf (default http://127.0.0.1:8080); also --server
              --token TOKEN      an admin token (default: the WHARF_TOKEN environment variable)
            """;
    private static final String DEFAULT_URL = "http://127.0.0.1:8080";
    /** A collection over a large store takes a while: the server answers when it is done. */
    private static final Duration TIMEOUT = Duration.ofHours(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private GcCommand() {
    }

    /** Runs the command with {@code args} (those after {@code gc}); returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        return run(args, System.getenv("WHARF_TOKEN"), out, err);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with {@code token} (null for none) unless {@code --token} gives one. */
    static int run(String[] args, String token, PrintStream out, PrintStream err) throws InterruptedException {
        boolean dryRun = false;
        String url = DEFAULT_URL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--url", "--server" -> {
                    if (i + 1 >= args.length) {
                        err.println("wharf gc: --url needs a URL\n" + USAGE);
                        return 2;
                    }
                    url = args[++i];
                }
                case "--token" -> {
                    if (i + 1 >= args.length) {
                        err.println("wharf gc: --token needs a token\n" + USAGE);
                        return 2;
                    }
                    token = args[++i];
                }
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    err.println("wharf gc: unknown argument: " + args[i] + "\n" + USAGE);
                    return 2;
                }
            }
        }
        URI target;
        try {
            target = URI.create(url.replaceAll("/+$", "") + "/api/v1/gc" + (dryRun ? "?dryRun=true" : ""));
            if (target.getScheme() == null || target.getHost() == null) {
                throw new IllegalArgumentException("not an absolute URL");
            }
        } catch (IllegalArgumentException e) {
            err.println("wharf gc: --url " + url + ": " + e.getMessage() + " (expected e.g. " + DEFAULT_URL + ")");
            return 2;
        }
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody());
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token);
            }
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println("wharf gc: cannot reach Wharf at " + url + " (is it running? --url names another address)");
            return AdminClient.UNREACHABLE;
        } catch (IOException e) {
            err.println("wharf gc: request to " + target + " failed: " + e);
            return 1;
        }
        Map<String, Object> body;
        try {
            body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            err.println("wharf gc: " + target + " answered " + response.statusCode() + " without a JSON report");
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println("wharf gc: " + response.statusCode() + ": " + body.getOrDefault("message", response.body()));
            return response.statusCode() == 401 || response.statusCode() == 403 ? AdminClient.BAD_TOKEN : 1;
        }
        out.println(Boolean.TRUE.equals(body.get("dryRun"))
                ? "garbage collection (dry run: nothing was removed, the counts say what would be)"
                : "garbage collection");
        body.forEach((key, value) -> out.printf("  %-16s %s%n", key, value));
        return 0;
    }
}
