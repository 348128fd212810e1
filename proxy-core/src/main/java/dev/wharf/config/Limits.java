package dev.wharf.config;

/**
 * {@code server.limits}: the sizes the server refuses to exceed while reading a request. Keys, with their defaults:
 * <ul>
 *   <li>{@code maxInitialLineLength}: request line, default 8192 bytes, 256..1048576</li>
 *   <li>{@code maxHeaderSize}: all request headers together, default 16384 bytes, 1024..1048576</li>
 *   <li>{@code maxManifestBytes}: a pushed Docker manifest, default 4 MiB, 1024..67108864</li>
 *   <li>{@code maxJsonBodyBytes}: an admin API request body, default 1 MiB, 1024..67108864</li>
 *   <li>{@code maxUploadBytes}: the largest request body an upload (a pushed blob or package) may stream, a size
 *       ({@code 512MiB}, {@code 10GiB}, {@code 1TiB} or bytes), default {@code 10GiB}, 1KiB or more</li>
 * </ul>
 */
public record Limits(@Default("8192") int maxInitialLineLength, @Default("16384") int maxHeaderSize,
                     @Default("4194304") int maxManifestBytes, @Default("1048576") int maxJsonBodyBytes,
                     @Default("10GiB") long maxUploadBytes) {
    /** Every limit at its default. */
    public static final Limits DEFAULTS = new Limits(8192, 16384, 4 * 1024 * 1024, 1024 * 1024, 10L << 30);

    private static final int MAX_HEADERS = 1024 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    public Limits {
        Check.inRange(maxInitialLineLength, 256, MAX_HEADERS, "maxInitialLineLength");
        Check.inRange(maxHeaderSize, 1024, MAX_HEADERS, "maxHeaderSize");
        Check.inRange(maxManifestBytes, 1024, MAX_BODY, "maxManifestBytes");
        Check.inRange(maxJsonBodyBytes, 1024, MAX_BODY, "maxJsonBodyBytes");
        Check.atLeast(maxUploadBytes, 1024, "maxUploadBytes");
    }
}
