package dev.wharf.storage.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The {@link TokenStore} of both metadata stores: table {@code api_token} (schema version 6), one SQL that H2 in
 * PostgreSQL mode and PostgreSQL read alike. Each operation is one statement in auto-commit mode; a change is
 * then made durable by {@code durable} (the embedded store's checkpoint, so that it survives a kill; nothing more
 * on PostgreSQL, whose commit is durable).
 */
final class JdbcTokenStore implements TokenStore {
    /** SQLSTATE of a unique constraint violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, name, owner, secret_sha256, grants, created_at, expires_at";

    private final JdbcRunner jdbc;
    private final Supplier<CompletableFuture<Void>> durable;

    JdbcTokenStore(JdbcRunner jdbc, Supplier<CompletableFuture<Void>> durable) {
        this.jdbc = jdbc;
        this.durable = durable;
    }

    @Override
    public CompletableFuture<Void> create(ApiToken token) {
        return jdbc.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO api_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, token.id());
                insert.setString(2, token.name());
                insert.setString(3, token.owner());
                insert.setString(4, token.secretSha256());
                insert.setString(5, String.join("\n", token.grants().stream().map(TokenGrant::toString).toList()));
                insert.setObject(6, EntryRows.utc(token.createdAt()));
                insert.setObject(7, token.expiresAt() == null ? null : EntryRows.utc(token.expiresAt()));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new DuplicateTokenException("a token named " + token.name() + " (or with its id) exists already");
                }
                throw e;
            }
            return null;
        }).thenCompose(v -> durable.get());
    }

    @Override
    public CompletableFuture<Optional<ApiToken>> findBySecret(String secretSha256) {
        return jdbc.run(connection -> one(connection, "secret_sha256", secretSha256));
    }

    @Override
    public CompletableFuture<Optional<ApiToken>> find(String id) {
        return jdbc.run(connection -> one(connection, "id", id));
    }

    @Override
    public CompletableFuture<List<ApiToken>> list() {
        return jdbc.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM api_token ORDER BY name");
                 ResultSet rows = select.executeQuery()) {
                List<ApiToken> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(token(rows));
                }
                return tokens;
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> revoke(String id) {
        return jdbc.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_token WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        }).thenCompose(existed -> durable.get().thenApply(v -> existed));
    }

    private static Optional<ApiToken> one(Connection connection, String column, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM api_token WHERE " + column + " = ?")) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(token(rows)) : Optional.empty();
            }
        }
    }

    private static ApiToken token(ResultSet row) throws SQLException {
        OffsetDateTime expires = row.getObject("expires_at", OffsetDateTime.class);
        List<TokenGrant> grants = Arrays.stream(row.getString("grants").split("\n")).map(TokenGrant::parse).toList();
        return new ApiToken(row.getString("id"), row.getString("name"), row.getString("owner"), row.getString("secret_sha256"),
                grants, row.getObject("created_at", OffsetDateTime.class).toInstant(),
                expires == null ? null : expires.toInstant());
    }
}
