package dev.wharf.storage.blob;

/** A piece of blocking file work run on the io executor; whatever it throws fails its future. */
@FunctionalInterface
interface IoCall<T> {
    T call() throws Exception;
}
