package dev.wharf.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The command line's client of a running Wharf's admin API: JSON over HTTP with the token as Bearer. Every failure
 * becomes a {@link Failure} with one line to print and a distinct exit code: {@value #UNREACHABLE} for a server
 * that cannot be reached, {@value #BAD_TOKEN} for a missing, wrong or insufficient token (401, 403), {@value #MISSING}
 * for something that does not exist (404), 1 for anything else.
 */
final class AdminClient {
    static final int UNREACHABLE = 3;
    static final int BAD_TOKEN = 4;
    static final int MISSING = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A command's failure: the line to print and the exit code. */
    static final class Failure extends Exception {
        private final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    AdminClient(String server, String token) throws Failure {
        try {
            this.server = URI.create(server.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new Failure(2, "--server " + server + ": not a URL (expected e.g. http://127.0.0.1:8080)");
        }
        if (this.server.getScheme() == null || this.server.getHost() == null) {
            throw new Failure(2, "--server " + server + ": not an absolute URL (expected e.g. http://127.0.0.1:8080)");
        }
        this.token = token;
    }

    /** Sends {@code method path} with {@code body} (JSON, or null); answers the response's JSON (null for none). */
    JsonNode send(String method, String path, String body, Duration timeout) throws Failure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Failure(UNREACHABLE, "cannot reach Wharf at " + server + " (is it running? --server or WHARF_SERVER names it)");
        } catch (IOException e) {
            throw new Failure(UNREACHABLE, "request to " + server + " failed: " + e.getMessage());
        }
        JsonNode json = null;
        if (!response.body().isBlank()) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new Failure(1, server + path + " answered " + response.statusCode() + " without JSON");
            }
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return json;
        }
        String message = json == null ? "" : json.path("message").asText("");
        if (status == 401) {
            throw new Failure(BAD_TOKEN, "the server refused the token (401): " + (token == null || token.isBlank()
                    ? "none given (--token or WHARF_TOKEN)" : message));
        }
        if (status == 403) {
            throw new Failure(BAD_TOKEN, "the token may not do this (403): " + message);
        }
        if (status == 404) {
            throw new Failure(MISSING, message.isEmpty() ? "not found: " + path : message);
        }
        throw new Failure(1, status + ": " + message);
    }
}
