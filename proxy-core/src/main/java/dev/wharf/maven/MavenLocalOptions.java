package dev.wharf.maven;

import dev.wharf.config.Default;

/**
 * The options of a Maven local repository beyond the common keys:
 * <ul>
 *   <li>{@code allowRedeploy}: whether a release file already stored may be deployed again, default false (the
 *       second {@code PUT} answers {@code 409 Conflict}); snapshot files and {@code maven-metadata.xml} are always
 *       replaced</li>
 * </ul>
 */
public record MavenLocalOptions(@Default("false") boolean allowRedeploy) {
}
