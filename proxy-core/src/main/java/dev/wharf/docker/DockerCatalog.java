package dev.wharf.docker;

import dev.wharf.config.RepositoryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The names {@code /v2/_catalog} lists, in path mode ({@code <repo-key>/<image>}): a local's images, a remote's
 * upstream catalog, and for a virtual the union of its members' under the virtual's key.
 */
final class DockerCatalog {
    private final DockerRepositories repositories;
    private final NameListService lists;

    DockerCatalog(DockerRepositories repositories, NameListService lists) {
        this.repositories = repositories;
        this.lists = lists;
    }

    /** Every name in the repositories whose key {@code readable} admits, sorted and distinct. */
    CompletableFuture<List<String>> names(Predicate<String> readable) {
        List<CompletableFuture<List<String>>> parts = new ArrayList<>();
        for (RepositoryConfig repo : repositories.all()) {
            if (!readable.test(repo.key())) {
                continue;
            }
            List<RepositoryConfig> sources = repositories.local(repo.key()).isPresent()
                    || repositories.remote(repo.key()).isPresent() ? List.of(repo) : repositories.members(repo);
            for (RepositoryConfig source : sources) {
                parts.add(images(source).thenApply(names -> names.stream().map(n -> repo.key() + "/" + n).toList()));
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            TreeSet<String> merged = new TreeSet<>();
            parts.forEach(p -> merged.addAll(p.join()));
            return List.copyOf(merged);
        });
    }

    private CompletableFuture<List<String>> images(RepositoryConfig repo) {
        Optional<LocalDockerRepository> local = repositories.local(repo.key());
        if (local.isPresent()) {
            return local.get().names();
        }
        return lists.remoteCatalog(repositories.remote(repo.key()).orElseThrow());
    }
}
