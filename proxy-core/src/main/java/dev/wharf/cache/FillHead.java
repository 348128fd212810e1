package dev.wharf.cache;

/**
 * What a fill knows once the upstream answered: the declared size ({@code -1} when the upstream sent no
 * Content-Length) and the content type (may be null).
 */
public record FillHead(long declaredSize, String contentType) {
}
