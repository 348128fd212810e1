package dev.wharf.gc;

/** Another replica holds the garbage collection lease: it is collecting now, so this one does not. */
public final class GcBusyException extends RuntimeException {
    GcBusyException(String holder) {
        super("a garbage collection is running on " + holder + "; try again once it finished");
    }
}
