package dev.wharf.config;

import java.nio.file.Path;

/**
 * {@code server.tls}: serve HTTPS with this PEM certificate chain and private key (both required; relative paths in
 * the file resolve against the working directory). Absent means plain HTTP.
 */
public record TlsConfig(Path certificate, Path privateKey) {
    public TlsConfig {
        Check.required(certificate, "certificate");
        Check.required(privateKey, "privateKey");
    }
}
