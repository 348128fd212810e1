package dev.wharf.terraform;

/** The options of a Terraform virtual repository beyond the common keys: none. */
public record TerraformVirtualOptions() {
}
