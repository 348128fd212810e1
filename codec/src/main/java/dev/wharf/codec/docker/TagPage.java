package dev.wharf.codec.docker;

import java.util.List;
import java.util.Optional;

/**
 * One page of a sorted name list ({@code tags/list}, {@code _catalog}) as the distribution spec paginates it:
 * the names after {@code last} (exclusive), at most {@code n}; a next page exists when names remain.
 *
 * @param names the names of this page
 * @param next  the {@code last} value of the next page, when there is one
 */
public record TagPage(List<String> names, Optional<String> next) {
    /** The most names a page holds when the client asks for more (distribution's default bound). */
    public static final int MAX_PAGE = 10_000;

    /**
     * Pages {@code sorted} (ascending, distinct).
     *
     * @param n    the page size the client asked for, or empty for all (bounded by {@link #MAX_PAGE})
     * @param last the last name of the previous page, or empty for the first page
     */
    public static TagPage of(List<String> sorted, Optional<Integer> n, Optional<String> last) {
        int from = 0;
        if (last.isPresent()) {
            from = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).compareTo(last.get()) > 0) {
                    from = i;
                    break;
                }
            }
        }
        int size = Math.min(n.orElse(MAX_PAGE), MAX_PAGE);
        if (size <= 0) {
            return new TagPage(List.of(), Optional.empty());
        }
        int to = Math.min(sorted.size(), from + size);
        List<String> names = List.copyOf(sorted.subList(from, to));
        boolean more = to < sorted.size();
        return new TagPage(names, more && !names.isEmpty() ? Optional.of(names.get(names.size() - 1)) : Optional.empty());
    }
}
