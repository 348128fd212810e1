package dev.wharf.storage;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the failures that come out of completable futures, for every module that chains them. */
public final class Futures {
    private Futures() {
    }

    /** The failure behind the CompletionException/ExecutionException wrappers that futures add. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
