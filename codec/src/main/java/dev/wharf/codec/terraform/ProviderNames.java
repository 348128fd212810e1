package dev.wharf.codec.terraform;

import dev.wharf.codec.Printable;
import java.util.regex.Pattern;

/** The grammar of provider addresses: namespaces, types, versions, operating systems and architectures. */
public final class ProviderNames {
    private static final Pattern NAMESPACE = Pattern.compile("[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?");
    private static final Pattern TYPE = Pattern.compile("[0-9a-z](?:[0-9a-z-]{0,62}[0-9a-z])?");
    private static final Pattern VERSION = Pattern.compile(
            "(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(-[0-9A-Za-z.-]{1,64})?(\\+[0-9A-Za-z.-]{1,64})?");
    private static final Pattern PLATFORM_PART = Pattern.compile("[a-z0-9]{1,32}");
    private static final Pattern HOST = Pattern.compile("[0-9A-Za-z.-]{1,253}(:[0-9]{1,5})?");

    private ProviderNames() {
    }

    /** Checks a namespace ({@code hashicorp}); returns it. */
    public static String namespace(String text) {
        return check(text, NAMESPACE, "namespace", "letters, digits, '-' and '_', at most 64");
    }

    /** Checks a provider type ({@code aws}): lower case, as Terraform normalises it; returns it. */
    public static String type(String text) {
        return check(text, TYPE, "provider type", "lower-case letters, digits and '-', at most 64");
    }

    /** Checks a semantic version ({@code 1.2.3}, {@code 1.2.3-beta.1}); returns it. */
    public static String version(String text) {
        return check(text, VERSION, "version", "a semantic version such as 1.2.3");
    }

    /** Checks an operating system or architecture ({@code linux}, {@code amd64}); returns it. */
    public static String platformPart(String text, String what) {
        return check(text, PLATFORM_PART, what, "lower-case letters and digits");
    }

    /** Checks the hostname of a mirror path ({@code registry.example.com}, maybe with a port); returns it. */
    public static String hostname(String text) {
        return check(text, HOST, "hostname", "a host name, maybe with :port");
    }

    private static String check(String text, Pattern pattern, String what, String expected) {
        if (text == null || !pattern.matcher(text).matches()) {
            throw new TerraformNameException(what + " " + Printable.of(String.valueOf(text)) + " is not valid (expected "
                    + expected + ")");
        }
        return text;
    }
}
