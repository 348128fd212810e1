-- API tokens: only the SHA-256 of the secret is kept (hex), so a copy of the database gives no working token.
-- grants holds one "<permission> <repository key or glob>" per line; expires_at is null for a token that
-- does not expire. Revoking a token deletes its row.
CREATE TABLE api_token (
    id         VARCHAR(32)  PRIMARY KEY,
    name       VARCHAR(128) NOT NULL,
    owner      VARCHAR(128) NOT NULL,
    secret_sha256 CHAR(64)  NOT NULL,
    grants     VARCHAR(8192) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_token_name UNIQUE (name),
    CONSTRAINT api_token_secret UNIQUE (secret_sha256)
);
