package dev.wharf.codec.npm;

import dev.wharf.codec.Printable;
import java.util.List;

/**
 * Reads the decoded segments of a path under an npm repository into an {@link NpmRequest}. A scoped name is two
 * segments ({@code @scope}, {@code name}): clients send {@code @scope%2fname}, which the repository turns into
 * {@code @scope/name} before the path is checked.
 */
public final class NpmPath {
    private static final String SEPARATOR = "-";
    private static final String REVISION = "-rev";
    private static final String TARBALL_SUFFIX = ".tgz";

    private NpmPath() {
    }

    /** @throws NpmPathException for a path that names no npm resource */
    public static NpmRequest parse(List<String> segments) {
        if (segments.isEmpty()) {
            throw new NpmPathException("no package name in the path (expected /<name> or /@scope/<name>)");
        }
        if (segments.get(0).equals(SEPARATOR)) {
            return endpoint(segments);
        }
        int nameLength = segments.get(0).startsWith("@") ? 2 : 1;
        if (segments.size() < nameLength) {
            throw new NpmPathException("scoped package name without a name: " + Printable.of(segments.get(0)));
        }
        PackageName name = name(segments, 0, nameLength);
        List<String> rest = segments.subList(nameLength, segments.size());
        if (rest.isEmpty()) {
            return new NpmRequest.Packument(name);
        }
        if (rest.size() == 2 && rest.get(0).equals(SEPARATOR)) {
            return new NpmRequest.Tarball(name, tarball(rest.get(1)));
        }
        if (rest.size() == 2 && rest.get(0).equals(REVISION)) {
            return new NpmRequest.Revision(name, rest.get(1));
        }
        if (rest.size() == 4 && rest.get(0).equals(SEPARATOR) && rest.get(2).equals(REVISION)) {
            return new NpmRequest.TarballRevision(name, tarball(rest.get(1)), rest.get(3));
        }
        throw new NpmPathException("not an npm registry path: " + Printable.of(String.join("/", segments))
                + " (expected /<name>, /<name>/-/<file>.tgz or /-/package/<name>/dist-tags)");
    }

    private static NpmRequest endpoint(List<String> segments) {
        if (segments.size() >= 4 && segments.get(1).equals("package")) {
            int nameLength = segments.get(2).startsWith("@") ? 2 : 1;
            int tags = 2 + nameLength;
            if (segments.size() > tags && segments.get(tags).equals("dist-tags")) {
                PackageName name = name(segments, 2, nameLength);
                if (segments.size() == tags + 1) {
                    return new NpmRequest.DistTags(name);
                }
                if (segments.size() == tags + 2) {
                    return new NpmRequest.DistTag(name, segments.get(tags + 1));
                }
            }
        }
        return new NpmRequest.Endpoint(String.join("/", segments));
    }

    private static PackageName name(List<String> segments, int from, int length) {
        if (length == 2) {
            String scope = segments.get(from);
            return new PackageName(scope.substring(1), segments.get(from + 1));
        }
        return new PackageName(null, segments.get(from));
    }

    private static String tarball(String file) {
        if (!file.endsWith(TARBALL_SUFFIX) || file.length() == TARBALL_SUFFIX.length()) {
            throw new NpmPathException("not a tarball name: " + Printable.of(file) + " (expected <name>-<version>.tgz)");
        }
        return file;
    }
}
