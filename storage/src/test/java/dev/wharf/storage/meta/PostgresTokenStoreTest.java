package dev.wharf.storage.meta;

import dev.wharf.storage.testing.PostgresSchemas;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL store's tokens pass the token conformance suite, in a schema of their own. */
class PostgresTokenStoreTest extends TokenStoreConformance {
    @RegisterExtension
    static final PostgresSchemas postgres = new PostgresSchemas();

    @Override
    protected TokenStore open() {
        PostgresMetadataStore store = PostgresMetadataStore.open(postgres.url(), postgres.user(), null, 2);
        owner = store;
        return store.tokens();
    }
}
