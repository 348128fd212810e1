package dev.wharf.terraform;

import dev.wharf.codec.terraform.MirrorDocuments;
import dev.wharf.codec.terraform.ProviderAddress;
import dev.wharf.codec.terraform.ProviderDownload;
import dev.wharf.codec.terraform.ProviderFile;
import dev.wharf.codec.terraform.ProviderVersions;
import dev.wharf.codec.terraform.TerraformPath;
import dev.wharf.format.Found;
import dev.wharf.storage.meta.CachedEntry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a Terraform repository knows of providers, whatever its type: the facts both protocols are rendered
 * from. Every answer is empty when the repository does not have what is asked for.
 */
interface ProviderSource {
    String key();

    /** The provider's versions and their platforms. */
    CompletableFuture<Optional<Fetched<ProviderVersions>>> versions(ProviderAddress provider);

    /** The packages of a version by {@code <os>_<arch>}, with URLs relative to the mirror's {@code <version>.json}. */
    CompletableFuture<Optional<Fetched<Map<String, MirrorDocuments.Archive>>>> archives(ProviderAddress provider, String version);

    /** The registry protocol's description of one package, its URLs on Wharf at {@code origin} ({@code http://host:port}). */
    CompletableFuture<Optional<Fetched<ProviderDownload>>> download(ProviderAddress provider, ProviderFile file, String origin);

    /** The bytes of a version's SHA256SUMS, or with {@code signature} of its detached OpenPGP signature. */
    CompletableFuture<Optional<Fetched<byte[]>>> shasums(ProviderAddress provider, String version, boolean signature);

    /** A package: stored, being filled, or for a HEAD of one not cached the upstream's headers. */
    CompletableFuture<Found> archive(TerraformPath.Archive archive, boolean head);

    /** Drops an entry whose blob has gone. */
    CompletableFuture<Boolean> forget(CachedEntry entry);

    /** The absolute URL of a path of repository {@code key} on Wharf at {@code origin}. */
    static String url(String origin, String key, String path) {
        return origin + "/repository/" + key + "/" + path;
    }
}
