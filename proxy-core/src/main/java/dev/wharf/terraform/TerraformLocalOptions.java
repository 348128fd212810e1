package dev.wharf.terraform;

import dev.wharf.config.ConfigException;

/**
 * The options of a Terraform local repository beyond the common keys:
 * <ul>
 *   <li>{@code signingKey}: an armored OpenPGP private key (write it as {@code ${ENV_NAME}}) that signs the
 *       SHA256SUMS of the registry protocol, so that {@code terraform init} installs local providers through a
 *       {@code host} block; default none (then only the network mirror protocol serves them)</li>
 *   <li>{@code signingKeyPassphrase}: the key's passphrase; default none</li>
 * </ul>
 */
public record TerraformLocalOptions(String signingKey, String signingKeyPassphrase) {
    public TerraformLocalOptions {
        if (signingKey != null) {
            try {
                SumsSigner.parse(signingKey, signingKeyPassphrase);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("signingKey", e.getMessage());
            }
        }
    }

    /** Never prints the key or its passphrase. */
    @Override
    public String toString() {
        return "TerraformLocalOptions[signingKey=" + (signingKey == null ? "none" : "(set)") + "]";
    }
}
