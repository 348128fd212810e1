package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code curl} as the client, the way users call it against {@code /repository/...}: GET, HEAD, ranges
 * ({@code -r}), uploads ({@code -T}, announced with {@code Expect: 100-continue}) and DELETE, over HTTP/1.1.
 * The body is hashed as it streams out of curl and only its first {@value #KEPT_BYTES} bytes are kept;
 * the header dump ({@code -D}) gives the status of every response, interim ones ({@code 100 Continue})
 * included. Every call is bounded by {@code --max-time}.
 */
public final class Curl {
    /** The executable name. */
    public static final String PROGRAM = "curl";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "curl";
    /** How much of a body a response keeps in memory. */
    public static final int KEPT_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CALLS = new AtomicInteger();

    private final Path executable;
    private final Path workDir;
    private final Duration limit;

    private Curl(Path executable, Path workDir, Duration limit) {
        this.executable = executable;
        this.workDir = workDir;
        this.limit = limit;
    }

    /** A curl whose header dumps and error output go to {@code workDir}, each call limited to {@code limit}. */
    public static Curl in(Path workDir, Duration limit) {
        try {
            return new Curl(Programs.require(PROGRAM, DEBIAN_PACKAGE), Files.createDirectories(workDir), limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
    }

    /** What one curl run got: the final response, the interim statuses before it, and the body's size and digest. */
    public record Response(String call, int exitCode, String stderr, List<Integer> interimStatuses, int status,
                           Map<String, List<String>> headers, long size, String digest, byte[] kept) {
        /** The first value of header {@code name} (any case) of the final response. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).map(values -> values.get(0));
        }

        /** True when curl ended without a transport error (a 4xx or 5xx is still a completed transfer). */
        public boolean completed() {
            return exitCode == 0;
        }

        /** The body, which must be small enough to have been kept whole. */
        public byte[] body() {
            if (size > kept.length) {
                throw new AssertionError("the body of " + call + " has " + size + " bytes, more than the " + KEPT_BYTES + " kept");
            }
            return kept;
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body(), StandardCharsets.UTF_8);
        }

        /** The body as JSON, failing with the body when it is not. */
        public JsonNode json() {
            try {
                return JSON.readTree(body());
            } catch (IOException e) {
                throw new AssertionError("the body of " + call + " is not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            String body = size <= 2000 && size == kept.length ? new String(kept, StandardCharsets.UTF_8) : size + " bytes " + digest;
            return call + " -> exit " + exitCode + (stderr.isBlank() ? "" : " (" + stderr.strip() + ")") + ", interim "
                    + interimStatuses + ", HTTP " + status + " " + headers + " " + body;
        }
    }

    /** {@code GET url}; {@code headers} are {@code "Name: value"} lines. */
    public Response get(String url, String... headers) {
        return run(url, List.of(), headers);
    }

    /** {@code HEAD url} ({@code curl -I}). */
    public Response head(String url, String... headers) {
        return run(url, List.of("-I", "-o", "/dev/null"), headers);
    }

    /** {@code GET url} of bytes {@code first..last}, both inclusive ({@code curl -r first-last}). */
    public Response range(String url, long first, long last) {
        return run(url, List.of("-r", first + "-" + last));
    }

    /** {@code PUT url} with {@code file} as the body ({@code curl -T}) and the admin token, asking for {@code 100 Continue} first. */
    public Response upload(String url, Path file) {
        // curl only announces Expect: 100-continue past a size threshold; always asking makes the check definite,
        // and a server that answers 100 slowly still gets the chance before curl gives up waiting.
        return run(url, List.of("-T", file.toString(), "--expect100-timeout", "10"), "Expect: 100-continue",
                "Authorization: Bearer " + WharfProcess.ADMIN_TOKEN);
    }

    /** {@code DELETE url}, with the admin token. */
    public Response delete(String url) {
        return run(url, List.of("-X", "DELETE"), "Authorization: Bearer " + WharfProcess.ADMIN_TOKEN);
    }

    private Response run(String url, List<String> options, String... headers) {
        int call = CALLS.incrementAndGet();
        Path headerDump = workDir.resolve("curl-" + call + ".headers");
        Path errors = workDir.resolve("curl-" + call + ".stderr");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--http1.1", "-sS", "-g",
                "--max-time", Long.toString(limit.toSeconds()), "-D", headerDump.toString()));
        command.addAll(options);
        for (String header : headers) {
            command.addAll(List.of("-H", header));
        }
        command.add(url);
        String description = "curl " + String.join(" ", command.subList(1, command.size()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + description, e);
        }
        MessageDigest sha = Sha256.newDigest();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream out = process.getInputStream()) {
            for (int n; (n = out.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                kept.write(buffer, 0, (int) Math.max(0, Math.min(n, KEPT_BYTES - size)));
                size += n;
            }
            if (!process.waitFor(limit.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                Processes.stop(process, Duration.ofSeconds(2));
                throw new AssertionError(description + " outlived its --max-time of " + limit.toSeconds() + " s");
            }
            return parse(description, process.exitValue(), Files.readString(errors), headerDump, size, Sha256.digestString(sha),
                    kept.toByteArray());
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("cannot read the output of " + description, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + description, e);
        }
    }

    /** Splits the header dump into responses: each starts with a status line; the last one is final. */
    private static Response parse(String call, int exitCode, String stderr, Path headerDump, long size, String digest, byte[] kept)
            throws IOException {
        List<Integer> statuses = new ArrayList<>();
        Map<String, List<String>> headers = new TreeMap<>();
        List<String> lines = Files.exists(headerDump) ? Files.readAllLines(headerDump, StandardCharsets.ISO_8859_1) : List.of();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("HTTP/")) {
                String[] parts = line.split(" ", 3);
                statuses.add(Integer.parseInt(parts[1]));
                headers = new TreeMap<>();
            } else if (line.indexOf(':') > 0) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        int status = statuses.isEmpty() ? 0 : statuses.get(statuses.size() - 1);
        List<Integer> interim = statuses.isEmpty() ? List.of() : List.copyOf(statuses.subList(0, statuses.size() - 1));
        return new Response(call, exitCode, stderr, interim, status, headers, size, digest, kept);
    }
}
