package dev.wharf.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per completed request to the {@code access} logger:
 * {@code <client> <method> <uri> <status> <bytes>B <ms>ms <cache-outcome>[ aborted]}, which the text layout
 * prefixes with the time and {@code INFO access -}. For JSON logs the same values go along as key-value
 * pairs, which the encoder writes as fields. The URI is passed raw: the layout escapes control characters.
 */
public final class AccessLog implements RequestObserver {
    /** The logger name; the logging setup gives it an appender of its own. */
    public static final String LOGGER = "access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final boolean withFields;

    /** @param withFields whether to attach the values as key-value pairs: only a JSON encoder writes them */
    public AccessLog(boolean withFields) {
        this.withFields = withFields;
    }

    @Override
    public void completed(CompletedRequest r) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        if (!withFields) {
            // Text logs print the line alone: building ten key-value pairs per request would be wasted.
            LOG.info(line(r));
            return;
        }
        String cache = r.cache() == null ? "-" : r.cache().logName();
        LOG.atInfo()
                .addKeyValue("client", r.client())
                .addKeyValue("method", r.method())
                .addKeyValue("uri", r.uri())
                .addKeyValue("status", r.status())
                .addKeyValue("bytes", r.bytes())
                .addKeyValue("micros", r.durationNanos() / 1000)
                .addKeyValue("cache", cache)
                .addKeyValue("repository", r.repository())
                .addKeyValue("format", r.format())
                .addKeyValue("aborted", r.aborted())
                .log(line(r));
    }

    /** The access line without time, level and logger name. */
    static String line(CompletedRequest r) {
        long micros = r.durationNanos() / 1000;
        return new StringBuilder(128).append(r.client()).append(' ').append(r.method()).append(' ').append(r.uri())
                .append(' ').append(r.status()).append(' ').append(r.bytes()).append("B ")
                .append(micros / 1000).append('.').append((char) ('0' + micros % 1000 / 100))
                .append((char) ('0' + micros % 100 / 10)).append((char) ('0' + micros % 10)).append("ms ")
                .append(r.cache() == null ? "-" : r.cache().logName()).append(r.aborted() ? " aborted" : "")
                .toString();
    }
}
