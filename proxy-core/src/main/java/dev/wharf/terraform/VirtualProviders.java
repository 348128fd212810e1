package dev.wharf.terraform;

import dev.wharf.codec.terraform.MirrorDocuments;
import dev.wharf.codec.terraform.ProviderAddress;
import dev.wharf.codec.terraform.ProviderDownload;
import dev.wharf.codec.terraform.ProviderFile;
import dev.wharf.codec.terraform.ProviderVersions;
import dev.wharf.codec.terraform.TerraformPath;
import dev.wharf.format.Found;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A virtual repository over Terraform members, in order: version lists merged (each version once, the platforms
 * of all), a version's packages merged by platform (the first member that has a platform gives it), a package
 * or a download description from the first member that has it (a download keeps that member's URLs, so its
 * SHA256SUMS and signature come from the same member). A member that fails is skipped; its failure is answered
 * only when no member has an answer.
 */
final class VirtualProviders implements ProviderSource {
    private final String key;
    private final List<ProviderSource> members;

    VirtualProviders(String key, List<ProviderSource> members) {
        this.key = key;
        this.members = List.copyOf(members);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public CompletableFuture<Optional<Fetched<ProviderVersions>>> versions(ProviderAddress provider) {
        return all(m -> m.versions(provider)).thenApply(found -> {
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ProviderVersions merged = ProviderVersions.merge(found.stream().map(Fetched::value).toList());
            return Optional.of(new Fetched<>(merged, warning(found), found.get(0).status()));
        });
    }

    @Override
    public CompletableFuture<Optional<Fetched<Map<String, MirrorDocuments.Archive>>>> archives(ProviderAddress provider,
                                                                                              String version) {
        return all(m -> m.archives(provider, version)).thenApply(found -> {
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Map<String, MirrorDocuments.Archive> merged = new LinkedHashMap<>();
            found.forEach(f -> f.value().forEach(merged::putIfAbsent));
            return Optional.of(new Fetched<>(merged, warning(found), found.get(0).status()));
        });
    }

    @Override
    public CompletableFuture<Optional<Fetched<ProviderDownload>>> download(ProviderAddress provider, ProviderFile file,
                                                                          String origin) {
        return first(m -> m.download(provider, file, origin), 0, null);
    }

    @Override
    public CompletableFuture<Optional<Fetched<byte[]>>> shasums(ProviderAddress provider, String version, boolean signature) {
        return first(m -> m.shasums(provider, version, signature), 0, null);
    }

    @Override
    public CompletableFuture<Found> archive(TerraformPath.Archive archive, boolean head) {
        return archive(archive, head, 0, null);
    }

    private CompletableFuture<Found> archive(TerraformPath.Archive archive, boolean head, int index, Throwable failure) {
        if (index >= members.size()) {
            return failure != null ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(new Found.Absent("no member of " + key + " has " + archive.storagePath()));
        }
        return members.get(index).archive(archive, head).handle((found, err) -> {
            if (err != null) {
                return archive(archive, head, index + 1, failure != null ? failure : Futures.unwrap(err));
            }
            return found instanceof Found.Absent ? archive(archive, head, index + 1, failure) : CompletableFuture.completedFuture(found);
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return members.stream().filter(m -> m.key().equals(entry.repoKey())).findFirst()
                .map(m -> m.forget(entry)).orElse(CompletableFuture.completedFuture(false));
    }

    /** What every member answers, in member order; fails only when some member failed and none answered. */
    private <T> CompletableFuture<List<Fetched<T>>> all(Function<ProviderSource, CompletableFuture<Optional<Fetched<T>>>> ask) {
        List<CompletableFuture<Optional<Fetched<T>>>> asked = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        members.forEach(m -> asked.add(ask.apply(m).exceptionally(e -> {
            failures.add(Futures.unwrap(e));
            return Optional.empty();
        })));
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Fetched<T>> found = new ArrayList<>();
            asked.forEach(one -> one.join().ifPresent(found::add));
            if (found.isEmpty() && !failures.isEmpty()) {
                throw new CompletionException(failures.get(0));
            }
            return found;
        });
    }

    private <T> CompletableFuture<Optional<Fetched<T>>> first(Function<ProviderSource, CompletableFuture<Optional<Fetched<T>>>> ask,
                                                             int index, Throwable failure) {
        if (index >= members.size()) {
            return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(Optional.empty());
        }
        return ask.apply(members.get(index)).handle((found, err) -> {
            if (err != null) {
                return first(ask, index + 1, failure != null ? failure : Futures.unwrap(err));
            }
            return found.isPresent() ? CompletableFuture.completedFuture(found) : first(ask, index + 1, failure);
        }).thenCompose(f -> f);
    }

    private static <T> String warning(List<Fetched<T>> found) {
        return found.stream().map(Fetched::warning).filter(w -> w != null).findFirst().orElse(null);
    }
}
