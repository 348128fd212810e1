package dev.wharf.config;

/** {@code auth}: {@code anonymousRead} (default true) lets requests without a token read every repository. */
public record AuthConfig(@Default("true") boolean anonymousRead) {
}
