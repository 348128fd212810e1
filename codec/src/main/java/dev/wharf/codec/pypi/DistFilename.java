package dev.wharf.codec.pypi;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a distribution file: a wheel ({@code {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl},
 * PEP 427, the name's separators escaped to {@code _}) or a source distribution
 * ({@code {name}-{version}.tar.gz}, PEP 625; the legacy {@code .zip} is accepted too).
 *
 * @param project the project name as the file spells it
 * @param version the version as the file spells it
 * @param wheel   true for a wheel
 */
public record DistFilename(String project, String version, boolean wheel) {
    /** The longest file name accepted. */
    public static final int MAX_LENGTH = 255;
    private static final String NAME = "[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?";
    private static final String VERSION = "[0-9][A-Za-z0-9!+._]*";
    private static final String TAG = "[A-Za-z0-9._]+";
    private static final Pattern WHEEL = Pattern.compile(
            "(" + NAME + ")-(" + VERSION + ")(?:-[0-9][A-Za-z0-9_.]*)?-" + TAG + "-" + TAG + "-" + TAG + "\\.whl");
    private static final Pattern SDIST = Pattern.compile("(" + NAME + "(?:-" + NAME + ")*?)-(" + VERSION + ")\\.(?:tar\\.gz|zip)");

    /** The parts of a file name, or empty when it is neither a wheel's nor a source distribution's. */
    public static Optional<DistFilename> parse(String filename) {
        if (filename == null || filename.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher wheel = WHEEL.matcher(filename);
        if (wheel.matches()) {
            return Optional.of(new DistFilename(wheel.group(1), wheel.group(2), true));
        }
        Matcher sdist = SDIST.matcher(filename);
        if (sdist.matches()) {
            return Optional.of(new DistFilename(sdist.group(1), sdist.group(2), false));
        }
        return Optional.empty();
    }

    /** True when the file's project is {@code name} once both are normalised (PEP 503). */
    public boolean isOf(String name) {
        return ProjectName.isValid(project) && ProjectName.isValid(name)
                && ProjectName.normalize(project).equals(ProjectName.normalize(name));
    }

    /** The {@code .dist-info} directory of a wheel: {@code {name}-{version}.dist-info}. */
    public String distInfo() {
        return project + "-" + version + ".dist-info";
    }

    /** The media type a distribution file is served with, by its name's extension. */
    public static String mediaType(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".whl") || lower.endsWith(".zip")) {
            return "application/zip";
        }
        return lower.endsWith(".tar.gz") ? "application/gzip" : "application/octet-stream";
    }
}
