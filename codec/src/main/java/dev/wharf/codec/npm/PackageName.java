package dev.wharf.codec.npm;

import dev.wharf.codec.Printable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An npm package name: {@code name} or {@code @scope/name}. Checked to be URL-safe as the registry requires (letters,
 * digits, {@code - . _ ~}, not starting with {@code .} or {@code _}, at most {@value #MAX_LENGTH} characters), so it
 * can be written into paths and URLs as it is.
 *
 * @param scope the scope without its {@code @}, or null for an unscoped name
 * @param bare  the name without its scope
 */
public record PackageName(String scope, String bare) {
    /** The longest name accepted, scope included (the registry allows 214). */
    public static final int MAX_LENGTH = 214;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9~-][A-Za-z0-9._~-]*");

    public PackageName {
        Objects.requireNonNull(bare, "bare");
        check(bare, "name");
        if (scope != null) {
            check(scope, "scope");
        }
        if ((scope == null ? 0 : scope.length() + 2) + bare.length() > MAX_LENGTH) {
            throw new NpmPathException("package name longer than " + MAX_LENGTH + " characters");
        }
    }

    /** Parses {@code name} or {@code @scope/name}. */
    public static PackageName parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith("@")) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new NpmPathException("scoped package name without a name: " + Printable.of(text)
                        + " (expected @scope/name)");
            }
            return new PackageName(text.substring(1, slash), text.substring(slash + 1));
        }
        return new PackageName(null, text);
    }

    /** True for {@code @scope/name}. */
    public boolean isScoped() {
        return scope != null;
    }

    /** The name as npm writes it: {@code name} or {@code @scope/name}; also its path in a repository. */
    @Override
    public String toString() {
        return scope == null ? bare : "@" + scope + "/" + bare;
    }

    private static void check(String part, String what) {
        if (!PART.matcher(part).matches()) {
            throw new NpmPathException("package " + what + " " + Printable.of(part)
                    + " is not URL-safe (expected letters, digits and - . _ ~, not starting with . or _)");
        }
    }
}
