-- Eviction by last access (storage.maxSize, a repository's maxUnusedAge) reads the least recently used
-- entries first; without this index each round would sort the whole table.
CREATE INDEX cached_entry_last_access ON cached_entry (last_access);
