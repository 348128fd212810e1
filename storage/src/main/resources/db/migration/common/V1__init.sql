-- Repositories defined at run time (the admin API); the config file seeds them at first start.
-- "key" is quoted because H2 reserves the word; PostgreSQL reads the quoted lowercase name the same.
CREATE TABLE repository (
    "key"       VARCHAR(64)  PRIMARY KEY,
    format      VARCHAR(32)  NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    config_json VARCHAR      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One cached artifact of a remote repository: which blob holds it and how to revalidate it upstream.
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

-- Garbage collection asks which blobs are still referenced.
CREATE INDEX cached_entry_digest ON cached_entry (digest);
