package dev.wharf.codec.docker;

import dev.wharf.codec.http.Accept;
import java.util.ArrayList;
import java.util.List;

/**
 * Which cached variants of a manifest tag a client may be given, by its {@code Accept}. A variant is named by
 * the media type served; one fetched for a client that admits no index type is marked narrow
 * ({@code <type>;narrow}), because a registry answers such a client with one platform's manifest even when
 * the tag is an index (distribution does): a narrow variant is given only to clients that also admit no
 * index, while a client admitting an index is only given variants fetched for clients that did too.
 */
public final class ManifestVariants {
    /** Every manifest type Wharf serves, indexes first: the order a client's equal preferences fall back to. */
    public static final List<String> TYPES = List.of(
            MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
    private static final String NARROW = ";narrow";

    private ManifestVariants() {
    }

    /** The variants a client with this {@code Accept} may be served, most preferred first. */
    public static List<String> acceptable(Accept accept) {
        List<String> admitted = accept.preferred(TYPES);
        if (admitsIndex(accept)) {
            return admitted;
        }
        List<String> out = new ArrayList<>(admitted.size() * 2);
        admitted.forEach(t -> out.add(t + NARROW));
        out.addAll(admitted);
        return out;
    }

    /** The variant name to store a manifest of {@code servedType} under, fetched for a client with this {@code Accept}. */
    public static String variant(String servedType, Accept accept) {
        String type = Accept.essence(servedType);
        return admitsIndex(accept) || MediaTypes.isIndex(type) ? type : type + NARROW;
    }

    /** The media type a variant name stands for. */
    public static String mediaType(String variant) {
        return variant.endsWith(NARROW) ? variant.substring(0, variant.length() - NARROW.length()) : variant;
    }

    /** A canonical key of what the client admits among the manifest types, for the negative cache. */
    public static String key(Accept accept) {
        return String.join(",", accept.preferred(TYPES));
    }

    private static boolean admitsIndex(Accept accept) {
        return accept.admits(MediaTypes.OCI_INDEX) || accept.admits(MediaTypes.DOCKER_MANIFEST_LIST);
    }
}
