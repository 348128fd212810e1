package dev.wharf.codec.terraform;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /.well-known/terraform.json}: where a host's services are; Wharf reads and writes {@code providers.v1}. */
public final class ServiceDiscovery {
    /** The service id of the provider registry protocol. */
    public static final String PROVIDERS_V1 = "providers.v1";

    private ServiceDiscovery() {
    }

    /** The {@code providers.v1} URL as written (absolute, or relative to the discovery document). */
    public static String providers(byte[] json) {
        JsonNode root = Json.object(json, "the discovery document");
        return Json.text(root, PROVIDERS_V1, "the discovery document");
    }

    /** A discovery document naming {@code providers} as the provider registry's base URL. */
    public static byte[] render(String providers) {
        return Json.write(Json.MAPPER.createObjectNode().put(PROVIDERS_V1, providers));
    }
}
