-- PostgreSQL only; H2 skips version 5.
--
-- A btree index entry must fit in a third of a page (2,704 bytes), and a path may be 4,096 characters,
-- up to 16 KB of UTF-8: the key holds path_key instead of the path (the store's PathKey: the path itself
-- up to 256 code points, else its first 256, '#' and the hex sha256 of the whole, at most 321), and the
-- store compares the full path besides. Collation "C" orders by code point, so that the keys under a
-- path prefix are one range of the index, and listings sort alike whatever the database's locale.
-- cached_entry is empty here: the PostgreSQL store serves nothing before its schema is complete, and
-- PostgreSQL commits each script whole or not at all.
ALTER TABLE cached_entry DROP CONSTRAINT cached_entry_key;
ALTER TABLE cached_entry ALTER COLUMN path TYPE VARCHAR(4096) COLLATE "C";
ALTER TABLE cached_entry ALTER COLUMN variant TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE cached_entry ADD COLUMN path_key VARCHAR(321) COLLATE "C" NOT NULL;
ALTER TABLE cached_entry ADD CONSTRAINT cached_entry_key PRIMARY KEY (repo_key, path_key, variant);

-- A repository's settings are one JSON document: jsonb refuses malformed JSON on write and can be queried
-- by field. Writers bind it as CAST(? AS jsonb), as PostgreSQL does not cast a varchar parameter implicitly.
ALTER TABLE repository ALTER COLUMN config_json TYPE JSONB USING config_json::jsonb;
