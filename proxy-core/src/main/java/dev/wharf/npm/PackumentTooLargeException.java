package dev.wharf.npm;

/** An upstream packument larger than the remote's {@code maxPackumentBytes}: it is not read into memory. */
final class PackumentTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PackumentTooLargeException(String name, long size, long limit, String key) {
        super("the packument of " + name + " is " + size + " bytes, larger than the " + limit
                + " bytes that repository " + key + " holds in memory (maxPackumentBytes)");
    }
}
