-- A database as the hand-written SchemaMigrator left it before Flyway: V1__init.sql applied and recorded
-- in its schema_version table. Kept as it was, to prove such databases still migrate.
CREATE TABLE schema_version (
    version     INT PRIMARY KEY,
    description VARCHAR(255) NOT NULL,
    applied_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE repository (
    "key"       VARCHAR(64)  PRIMARY KEY,
    format      VARCHAR(32)  NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    config_json VARCHAR      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE cached_entry (
    repo_key      VARCHAR(64)   NOT NULL,
    path          VARCHAR(4096) NOT NULL,
    digest        VARCHAR(71)   NOT NULL,
    size          BIGINT        NOT NULL,
    media_type    VARCHAR(1024),
    etag          VARCHAR(1024),
    last_modified VARCHAR(128),
    fetched_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_access   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repo_key, path)
);
CREATE INDEX cached_entry_digest ON cached_entry (digest);
INSERT INTO schema_version (version, description, applied_at) VALUES (1, 'init', TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00+00');
