-- A resource whose protocol negotiates by Accept (Docker manifests by tag, PEP 691 pages) is cached
-- once per media type served: its variant, '' for content that is not negotiated. The variant joins
-- the key. The table is rebuilt rather than altered: H2 and PostgreSQL name an unnamed primary key
-- differently, so no one statement drops the old key in both.
CREATE TABLE cached_entry_by_variant (
    repo_key      VARCHAR(64)   NOT NULL,
    path          VARCHAR(4096) NOT NULL,
    variant       VARCHAR(255)  NOT NULL DEFAULT '',
    digest        VARCHAR(71)   NOT NULL,
    size          BIGINT        NOT NULL,
    media_type    VARCHAR(1024),
    etag          VARCHAR(1024),
    last_modified VARCHAR(128),
    fetched_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_access   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT cached_entry_key PRIMARY KEY (repo_key, path, variant)
);

INSERT INTO cached_entry_by_variant
        (repo_key, path, variant, digest, size, media_type, etag, last_modified, fetched_at, last_access)
    SELECT repo_key, path, '', digest, size, media_type, etag, last_modified, fetched_at, last_access
    FROM cached_entry;

DROP TABLE cached_entry;

ALTER TABLE cached_entry_by_variant RENAME TO cached_entry;

-- Garbage collection asks which blobs are still referenced.
CREATE INDEX cached_entry_digest ON cached_entry (digest);
