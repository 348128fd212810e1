package dev.wharf.codec.terraform;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@code SHA256SUMS} document, one {@code <sha256 hex>  <file name>} line per file, as {@code sha256sum}
 * writes it and the registry protocol signs it.
 */
public record Sha256Sums(Map<String, Digest> files) {
    public Sha256Sums {
        files = Map.copyOf(files);
    }

    /** Parses a document; a {@link TerraformNameException} names a line that is not {@code <hex>  <name>}. */
    public static Sha256Sums parse(byte[] text) {
        Map<String, Digest> files = new TreeMap<>();
        int number = 0;
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            String hex = space < 0 ? trimmed : trimmed.substring(0, space);
            String name = space < 0 ? "" : trimmed.substring(space).strip();
            // sha256sum marks binary mode with '*' before the name.
            if (name.startsWith("*")) {
                name = name.substring(1);
            }
            if (name.isEmpty() || !Digest.isValid("sha256:" + hex)) {
                throw new TerraformNameException("SHA256SUMS line " + number + " " + Printable.of(trimmed)
                        + " is not '<sha256 hex>  <file name>'");
            }
            files.put(name, new Digest(hex));
        }
        return new Sha256Sums(files);
    }

    /** The sha256 of a file, if listed. */
    public Optional<Digest> digest(String fileName) {
        return Optional.ofNullable(files.get(fileName));
    }

    /** The document, its lines sorted by file name. */
    public byte[] render() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(files).forEach((name, digest) -> out.append(digest.hex()).append("  ").append(name).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
