package dev.wharf.cache;

import java.io.IOException;

/** Recognises a store failure caused by a full disk, which formats answer with 507 rather than 500. */
public final class StorageFull {
    private StorageFull() {
    }

    /** True when {@code failure} or one of its causes is the operating system's "no space left" error. */
    public static boolean is(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof IOException && c.getMessage() != null && c.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
