package dev.wharf.server;

/**
 * One request as the access log and the metrics see it once its response is done.
 *
 * @param client        the client's IP address
 * @param method        the request method as sent
 * @param uri           the request URI exactly as sent (not escaped: the log layout escapes it)
 * @param status        the response status, 0 if no response head was written
 * @param bytes         body bytes actually written to the socket
 * @param durationNanos from the request head read to the response done
 * @param cache         how the request was served, null if no handler said
 * @param repository    the repository key, {@code "-"} if the request was not described
 * @param format        the repository format, {@code "-"} if the request was not described
 * @param aborted       true when the response did not complete (connection closed or write failed)
 */
public record CompletedRequest(String client, String method, String uri, int status, long bytes, long durationNanos,
                               CacheStatus cache, String repository, String format, boolean aborted) {
    /** The label for an undescribed repository or format. */
    public static final String UNDESCRIBED = "-";
}
