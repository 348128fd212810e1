package dev.wharf.storage.meta;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's tokens pass the token conformance suite. */
class EmbeddedTokenStoreTest extends TokenStoreConformance {
    @TempDir
    Path dir;

    @Override
    protected TokenStore open() {
        EmbeddedMetadataStore store = EmbeddedMetadataStore.open(dir);
        owner = store;
        return store.tokens();
    }
}
