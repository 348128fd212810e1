package dev.wharf.storage.meta;

import java.util.Objects;

/** One durable change of the embedded store, as {@link MetadataJournal} keeps it until the database file has it. */
sealed interface JournalRecord {
    /** The entry the change is about; changes of different keys commute. */
    Key key();

    /** The key of a cached entry. */
    record Key(String repoKey, String path, String variant) {
        public Key {
            Objects.requireNonNull(repoKey, "repoKey");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(variant, "variant");
        }
    }

    /** {@code entry} was inserted or replaced. */
    record Put(CachedEntry entry) implements JournalRecord {
        public Put {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public Key key() {
            return new Key(entry.repoKey(), entry.path(), entry.variant());
        }
    }

    /** The entry at {@code key} was removed (or was absent already). */
    record Delete(Key key) implements JournalRecord {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }
}
