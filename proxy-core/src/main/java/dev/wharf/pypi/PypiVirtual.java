package dev.wharf.pypi;

import dev.wharf.codec.pypi.ProjectPage;
import dev.wharf.codec.pypi.PypiPath;
import dev.wharf.format.Found;
import dev.wharf.server.CacheStatus;
import dev.wharf.storage.Futures;
import dev.wharf.storage.meta.CachedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PyPI virtual repository: a project's page merges its members' pages, a file name listed by several
 * members resolving to the first that lists it, and a file is served by the first member that has it (the
 * same one); the project list is the union of the members'. A member that fails is skipped, its failure
 * answered only when no other member answers.
 */
final class PypiVirtual implements PypiRepository {
    private static final Logger LOG = LoggerFactory.getLogger(PypiVirtual.class);

    private final String key;
    private final List<PypiRepository> members;

    PypiVirtual(String key, List<PypiRepository> members) {
        this.key = key;
        this.members = List.copyOf(members);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public CompletableFuture<Optional<Indexed<ProjectPage>>> page(String project) {
        List<CompletableFuture<Optional<Indexed<ProjectPage>>>> pages = new ArrayList<>();
        members.forEach(member -> pages.add(member.page(project)));
        return CompletableFuture.allOf(pages.stream().map(p -> p.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<Indexed<ProjectPage>> found = new ArrayList<>();
                    Throwable failure = null;
                    for (int i = 0; i < pages.size(); i++) {
                        CompletableFuture<Optional<Indexed<ProjectPage>>> page = pages.get(i);
                        if (page.isCompletedExceptionally()) {
                            Throwable cause = page.handle((p, e) -> Futures.unwrap(e)).join();
                            LOG.debug("member {} of {} failed for {}: {}", members.get(i).key(), key, project, cause.toString());
                            failure = failure == null ? cause : failure;
                        } else {
                            page.join().ifPresent(found::add);
                        }
                    }
                    if (found.isEmpty() && failure != null) {
                        throw new java.util.concurrent.CompletionException(failure);
                    }
                    return found.isEmpty() ? Optional.<Indexed<ProjectPage>>empty() : Optional.of(new Indexed<>(
                            ProjectPage.merge(found.stream().map(Indexed::value).toList()), found.get(0).status(),
                            Indexed.firstWarning(found)));
                });
    }

    @Override
    public CompletableFuture<Indexed<List<String>>> projects() {
        List<CompletableFuture<Indexed<List<String>>>> lists = new ArrayList<>();
        members.forEach(member -> lists.add(member.projects().exceptionally(e -> {
            LOG.debug("member {} of {} has no project list: {}", member.key(), key, e.toString());
            return Indexed.stored(List.<String>of());
        })));
        return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).thenApply(v -> {
            TreeSet<String> names = new TreeSet<>();
            List<Indexed<List<String>>> answers = lists.stream().map(CompletableFuture::join).toList();
            answers.forEach(list -> list.value().forEach(name -> names.add(normalized(name))));
            return new Indexed<>(List.<String>copyOf(names), answers.isEmpty() ? CacheStatus.NONE : answers.get(0).status(),
                    Indexed.firstWarning(answers));
        });
    }

    private static String normalized(String name) {
        return dev.wharf.codec.pypi.ProjectName.normalize(name);
    }

    /** The first member's file that is not absent; a failure goes on to the next member and is kept for the end. */
    @Override
    public CompletableFuture<Found> file(PypiPath.File file, boolean head) {
        return file(file, head, 0, null);
    }

    private CompletableFuture<Found> file(PypiPath.File file, boolean head, int index, Throwable firstFailure) {
        if (index >= members.size()) {
            return firstFailure != null ? CompletableFuture.failedFuture(firstFailure)
                    : CompletableFuture.completedFuture(new Found.Absent("no member of " + key + " has " + file.path()));
        }
        return members.get(index).file(file, head).handle((found, err) -> {
            if (err != null) {
                return file(file, head, index + 1, firstFailure != null ? firstFailure : Futures.unwrap(err));
            }
            if (found instanceof Found.Absent) {
                return file(file, head, index + 1, firstFailure);
            }
            return CompletableFuture.completedFuture(found);
        }).thenCompose(f -> f);
    }

    /** An entry belongs to the member whose key it carries. */
    @Override
    public CompletableFuture<Boolean> forget(CachedEntry entry) {
        return members.stream().filter(m -> m.key().equals(entry.repoKey())).findFirst()
                .map(m -> m.forget(entry)).orElse(CompletableFuture.completedFuture(false));
    }
}
