package dev.wharf.server;

/** Told about every completed request, on the channel's event loop: must not block. */
@FunctionalInterface
public interface RequestObserver {
    void completed(CompletedRequest request);

    /** Tells {@code first}, then {@code second}. */
    static RequestObserver both(RequestObserver first, RequestObserver second) {
        return request -> {
            first.completed(request);
            second.completed(request);
        };
    }
}
