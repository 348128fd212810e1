package dev.wharf.cargo;

/** The options of a Cargo repository (remote, local or virtual) beyond the common keys: none. */
public record CargoOptions() {
}
