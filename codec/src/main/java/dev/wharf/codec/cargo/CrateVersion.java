package dev.wharf.codec.cargo;

import java.util.Comparator;
import java.util.regex.Pattern;

/** Crate versions: semantic versions as Cargo requires them, and their precedence. */
public final class CrateVersion {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    /** Semantic version precedence (build metadata ignored, then compared as text so the order is total). */
    public static final Comparator<String> ORDER = CrateVersion::compare;

    private CrateVersion() {
    }

    /**
     * Checks a version.
     *
     * @throws IllegalArgumentException when it is no semantic version
     */
    public static String check(String version) {
        if (version == null || version.length() > 128 || !SEMVER.matcher(version).matches()) {
            throw new IllegalArgumentException("not a semantic version: " + version);
        }
        return version;
    }

    private static int compare(String a, String b) {
        String[] x = core(a);
        String[] y = core(b);
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (c != 0) {
                return c;
            }
        }
        String px = x[3];
        String py = y[3];
        if (!px.equals(py)) {
            if (px.isEmpty() || py.isEmpty()) {
                return px.isEmpty() ? 1 : -1;
            }
            String[] ix = px.split("\\.");
            String[] iy = py.split("\\.");
            for (int i = 0; i < Math.min(ix.length, iy.length); i++) {
                boolean nx = ix[i].chars().allMatch(Character::isDigit);
                boolean ny = iy[i].chars().allMatch(Character::isDigit);
                int c = nx && ny ? Long.compare(Long.parseLong(ix[i]), Long.parseLong(iy[i]))
                        : nx != ny ? (nx ? -1 : 1) : ix[i].compareTo(iy[i]);
                if (c != 0) {
                    return c;
                }
            }
            if (ix.length != iy.length) {
                return Integer.compare(ix.length, iy.length);
            }
        }
        return a.compareTo(b);
    }

    private static String[] core(String version) {
        String v = check(version);
        int plus = v.indexOf('+');
        if (plus >= 0) {
            v = v.substring(0, plus);
        }
        int dash = v.indexOf('-');
        String pre = dash < 0 ? "" : v.substring(dash + 1);
        String[] numbers = (dash < 0 ? v : v.substring(0, dash)).split("\\.");
        return new String[] {numbers[0], numbers[1], numbers[2], pre};
    }
}
