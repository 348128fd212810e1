package dev.wharf.terraform;

import dev.wharf.config.ConfigException;
import dev.wharf.config.Default;

/**
 * The options of a Terraform remote repository beyond the common keys:
 * <ul>
 *   <li>{@code maxDocumentBytes}: the largest upstream document (discovery, versions, download, SHA256SUMS) Wharf
 *       reads whole to answer from, in bytes, 1024..268435456; default 16777216</li>
 * </ul>
 */
public record TerraformRemoteOptions(@Default("16777216") int maxDocumentBytes) {
    public TerraformRemoteOptions {
        if (maxDocumentBytes < 1024 || maxDocumentBytes > 268_435_456) {
            throw new ConfigException("maxDocumentBytes", maxDocumentBytes + " is out of range (expected 1024..268435456)");
        }
    }
}
