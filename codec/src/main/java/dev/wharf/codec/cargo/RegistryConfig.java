package dev.wharf.codec.cargo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An index's {@code config.json}: where crates download from ({@code dl}, a URL template with {@code {crate}},
 * {@code {version}}, {@code {prefix}}, {@code {lowerprefix}} and {@code {sha256-checksum}} markers, or a base to
 * which {@code /{crate}/{version}/download} is appended) and where the web API is ({@code api}).
 */
public record RegistryConfig(String dl, String api) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MARKERS = {"{crate}", "{version}", "{prefix}", "{lowerprefix}", "{sha256-checksum}"};

    /**
     * Reads a config.json.
     *
     * @throws IllegalArgumentException when it is not a JSON object with a {@code dl} string
     */
    public static RegistryConfig parse(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("config.json is not JSON");
        }
        if (node == null || !node.path("dl").isTextual()) {
            throw new IllegalArgumentException("config.json has no \"dl\" string");
        }
        return new RegistryConfig(node.get("dl").asText(), node.path("api").isTextual() ? node.get("api").asText() : null);
    }

    /** The download URL of one crate version. */
    public String downloadUrl(String crate, String version, String sha256Hex) {
        boolean templated = false;
        for (String marker : MARKERS) {
            templated |= dl.contains(marker);
        }
        if (!templated) {
            return (dl.endsWith("/") ? dl : dl + "/") + crate + "/" + version + "/download";
        }
        String prefix = prefix(crate);
        return dl.replace("{crate}", crate).replace("{version}", version).replace("{prefix}", prefix)
                .replace("{lowerprefix}", prefix.toLowerCase(Locale.ROOT)).replace("{sha256-checksum}", sha256Hex);
    }

    /** The document, with {@code auth-required} when clients must send their token on every request. */
    public byte[] render(boolean authRequired) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dl", dl);
        if (api != null) {
            node.put("api", api);
        }
        if (authRequired) {
            node.put("auth-required", true);
        }
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code {prefix}} of a crate: its index directory, as cased in the name. */
    private static String prefix(String crate) {
        return switch (crate.length()) {
            case 1 -> "1";
            case 2 -> "2";
            case 3 -> "3/" + crate.charAt(0);
            default -> crate.substring(0, 2) + "/" + crate.substring(2, 4);
        };
    }
}
