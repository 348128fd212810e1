package dev.wharf.codec.terraform;

import dev.wharf.codec.Printable;

/**
 * A provider package's file name, {@code terraform-provider-<type>_<version>_<os>_<arch>.zip}, as the
 * registries publish them and local repositories take them.
 */
public record ProviderFile(String type, String version, String os, String arch) {
    private static final String PREFIX = "terraform-provider-";
    private static final String SUFFIX = ".zip";

    public ProviderFile {
        ProviderNames.type(type);
        ProviderNames.version(version);
        ProviderNames.platformPart(os, "os");
        ProviderNames.platformPart(arch, "arch");
    }

    /** Parses a file name; throws {@link TerraformNameException} saying what is wrong. */
    public static ProviderFile parse(String fileName) {
        if (fileName == null || !fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)
                || fileName.length() <= PREFIX.length() + SUFFIX.length()) {
            throw new TerraformNameException("file name " + Printable.of(String.valueOf(fileName))
                    + " is not a provider package (expected terraform-provider-<type>_<version>_<os>_<arch>.zip)");
        }
        String[] parts = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length()).split("_", -1);
        if (parts.length != 4) {
            throw new TerraformNameException("file name " + Printable.of(fileName)
                    + " does not have four '_'-separated parts (expected terraform-provider-<type>_<version>_<os>_<arch>.zip)");
        }
        return new ProviderFile(parts[0], parts[1], parts[2], parts[3]);
    }

    /** The file name. */
    public String fileName() {
        return PREFIX + type + "_" + version + "_" + os + "_" + arch + SUFFIX;
    }

    /** The platform as the mirror protocol keys it: {@code <os>_<arch>}. */
    public String platform() {
        return os + "_" + arch;
    }
}
