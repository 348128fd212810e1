package dev.wharf.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/** The configuration tree of {@code java -jar wharf.jar} without a file, as PRODUCT.md describes it. */
final class EmbeddedDefault {
    private static final String YAML = """
            server:
              port: 8080
            storage:
              blobs: { type: filesystem }
              metadata: { type: embedded }
              coordination: { type: local }
            docker:
              defaultRepository: dockerhub
            auth:
              anonymousRead: true
            repositories:
              - { key: dockerhub, format: docker, type: remote, url: "https://registry-1.docker.io" }
              - { key: ghcr, format: docker, type: remote, url: "https://ghcr.io" }
              - { key: quay, format: docker, type: remote, url: "https://quay.io" }
              - { key: pypi, format: pypi, type: remote, url: "https://pypi.org" }
              - { key: terraform, format: terraform, type: remote, url: "https://registry.terraform.io" }
            """;

    private EmbeddedDefault() {
    }

    /** A fresh tree (the caller applies overrides to it in place) keeping its data under {@code dataDir}. */
    static ObjectNode tree(Path dataDir) {
        ObjectNode tree = YamlFile.parse(YAML, ConfigLoader.EMBEDDED_SOURCE).tree();
        // Set as tree values rather than written into the YAML, so no directory name needs quoting.
        ObjectNode storage = (ObjectNode) tree.get("storage");
        ((ObjectNode) storage.get("blobs")).put("path", dataDir.resolve("blobs").toString());
        ((ObjectNode) storage.get("metadata")).put("path", dataDir.resolve("meta").toString());
        return tree;
    }
}
