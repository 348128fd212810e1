package dev.wharf.codec.terraform;

import java.util.List;
import java.util.Optional;

/**
 * The paths a Terraform repository serves under {@code /repository/<key>/}: the provider registry protocol
 * ({@code .well-known/terraform.json}, {@code v1/providers/<ns>/<type>/versions},
 * {@code v1/providers/<ns>/<type>/<version>/download/<os>/<arch>} and the SHA256SUMS documents it points at),
 * the provider network mirror protocol ({@code <hostname>/<ns>/<type>/index.json}, {@code .../<version>.json},
 * {@code .../<package>.zip}) and the packages themselves at {@code <ns>/<type>/<package>.zip}, where a local
 * repository takes its {@code PUT}s.
 */
public sealed interface TerraformPath {
    /** {@code .well-known/terraform.json}. */
    record Discovery() implements TerraformPath {
    }

    /** {@code v1/providers/<ns>/<type>/versions}. */
    record Versions(ProviderAddress provider) implements TerraformPath {
    }

    /** {@code v1/providers/<ns>/<type>/<version>/download/<os>/<arch>}. */
    record Download(ProviderAddress provider, ProviderFile file) implements TerraformPath {
    }

    /** {@code v1/providers/<ns>/<type>/<version>/SHA256SUMS}, or with {@code .sig} its detached signature. */
    record Shasums(ProviderAddress provider, String version, boolean signature) implements TerraformPath {
        public Shasums {
            ProviderNames.version(version);
        }
    }

    /** {@code <hostname>/<ns>/<type>/index.json}. */
    record MirrorIndex(String hostname, ProviderAddress provider) implements TerraformPath {
    }

    /** {@code <hostname>/<ns>/<type>/<version>.json}. */
    record MirrorVersion(String hostname, ProviderAddress provider, String version) implements TerraformPath {
        public MirrorVersion {
            ProviderNames.version(version);
        }
    }

    /** A package: {@code <ns>/<type>/<file>}, or in the mirror's tree {@code <hostname>/<ns>/<type>/<file>}. */
    record Archive(ProviderAddress provider, ProviderFile file) implements TerraformPath {
        public Archive {
            if (!file.type().equals(provider.type())) {
                throw new TerraformNameException("package " + file.fileName() + " is of provider type " + file.type()
                        + ", not of " + provider.type() + " (expected it under " + provider.namespace() + "/"
                        + file.type() + "/)");
            }
        }

        /** Where a repository stores the package: {@code <ns>/<type>/<file>}. */
        public String storagePath() {
            return provider.path() + "/" + file.fileName();
        }
    }

    /**
     * Parses the decoded segments of a path; empty for a shape no protocol has (a 404), and
     * {@link TerraformNameException} for a known shape with a bad name (a 400).
     */
    static Optional<TerraformPath> parse(List<String> s) {
        int n = s.size();
        if (n == 2 && s.get(0).equals(".well-known") && s.get(1).equals("terraform.json")) {
            return Optional.of(new Discovery());
        }
        if (n >= 5 && s.get(0).equals("v1") && s.get(1).equals("providers")) {
            ProviderAddress provider = new ProviderAddress(s.get(2), s.get(3));
            if (n == 5 && s.get(4).equals("versions")) {
                return Optional.of(new Versions(provider));
            }
            if (n == 6 && (s.get(5).equals("SHA256SUMS") || s.get(5).equals("SHA256SUMS.sig"))) {
                return Optional.of(new Shasums(provider, s.get(4), s.get(5).endsWith(".sig")));
            }
            if (n == 8 && s.get(5).equals("download")) {
                return Optional.of(new Download(provider, new ProviderFile(provider.type(), s.get(4), s.get(6), s.get(7))));
            }
            return Optional.empty();
        }
        if (n == 3 && s.get(2).endsWith(".zip")) {
            return Optional.of(new Archive(new ProviderAddress(s.get(0), s.get(1)), ProviderFile.parse(s.get(2))));
        }
        if (n == 4) {
            String hostname = ProviderNames.hostname(s.get(0));
            ProviderAddress provider = new ProviderAddress(s.get(1), s.get(2));
            String last = s.get(3);
            if (last.equals("index.json")) {
                return Optional.of(new MirrorIndex(hostname, provider));
            }
            if (last.endsWith(".zip")) {
                return Optional.of(new Archive(provider, ProviderFile.parse(last)));
            }
            if (last.endsWith(".json")) {
                return Optional.of(new MirrorVersion(hostname, provider, last.substring(0, last.length() - ".json".length())));
            }
        }
        return Optional.empty();
    }
}
