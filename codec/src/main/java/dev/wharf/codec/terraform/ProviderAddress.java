package dev.wharf.codec.terraform;

/** A provider within one registry: {@code <namespace>/<type>}, both checked. */
public record ProviderAddress(String namespace, String type) {
    public ProviderAddress {
        ProviderNames.namespace(namespace);
        ProviderNames.type(type);
    }

    /** {@code <namespace>/<type>}, the prefix under which a repository stores this provider's packages. */
    public String path() {
        return namespace + "/" + type;
    }
}
