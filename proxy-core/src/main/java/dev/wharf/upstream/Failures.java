package dev.wharf.upstream;

import dev.wharf.storage.Futures;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns transport failures met before a response arrives into {@link UpstreamException}s with readable messages. */
final class Failures {
    private Failures() {
    }

    /** A failure to connect, resolve, shake hands, or send to {@code key}. */
    static UpstreamException connect(HostKey key, Throwable cause) {
        Throwable c = unwrap(cause);
        if (c instanceof UpstreamException e) {
            return e;
        }
        if (c instanceof ConnectTimeoutException || c instanceof SslHandshakeTimeoutException) {
            return new UpstreamTimeoutException(key + ": " + describe(c), c);
        }
        if (c instanceof TimeoutException) {
            return new UpstreamTimeoutException(key + ": no free connection within the read timeout", c);
        }
        if (c instanceof UnknownHostException) {
            return new UpstreamConnectException(key + ": cannot resolve host " + key.host(), c);
        }
        if (c instanceof SSLException) {
            return new UpstreamConnectException(key + ": TLS handshake failed: " + describe(c), c);
        }
        return new UpstreamConnectException(key + ": connection failed: " + describe(c), c);
    }

    /** The cause inside the wrappers that futures ({@link Futures#unwrap}) and Netty's decoders add. */
    static Throwable unwrap(Throwable t) {
        Throwable c = Futures.unwrap(t);
        while (c instanceof DecoderException && c.getCause() != null) {
            c = Futures.unwrap(c.getCause());
        }
        return c;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
