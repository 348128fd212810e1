package dev.wharf.generic;

import dev.wharf.config.Default;

/**
 * The options of a generic local repository beyond the common keys:
 * <ul>
 *   <li>{@code allowOverwrite}: whether a {@code PUT} may replace a file already stored, default false (the
 *       second upload of a path answers {@code 409 Conflict})</li>
 * </ul>
 */
public record GenericLocalOptions(@Default("false") boolean allowOverwrite) {
}
