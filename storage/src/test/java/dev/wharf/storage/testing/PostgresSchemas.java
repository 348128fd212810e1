package dev.wharf.storage.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class PostgreSQL schemas of its own, so that parallel runs against one server never meet:
 * register it as a static {@code @RegisterExtension} field; it creates a schema before the class, and
 * drops it, with every other schema {@link #newSchemaUrl} made, after the class.
 *
 * <p>The server is {@code WHARF_TEST_POSTGRES_URL} (a JDBC URL, which carries its own user and password)
 * when that is set, else {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres}, then
 * {@code root} (trust authentication). When none answers, the class fails under {@code CI=true}, where a
 * missing database is a broken build, and is skipped otherwise, with the reason.
 */
public final class PostgresSchemas implements BeforeAllCallback, AfterAllCallback {
    /** The environment variable naming the server's JDBC URL. */
    public static final String URL_VARIABLE = "WHARF_TEST_POSTGRES_URL";
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> LOCAL_USERS = List.of("postgres", "root");
    private static Server server; // found once per JVM: an unreachable one costs a connect timeout
    private static String unreachable;

    private final List<String> schemas = new ArrayList<>();
    private String url;

    /** Where the server is and who connects to it. */
    private record Server(String url, String user) {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        Server found = server();
        if (found == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL tests need a database under CI=true: " + unreachable);
            }
            Assumptions.abort("PostgreSQL tests skipped: " + unreachable);
        }
        url = newSchemaUrl();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (schemas.isEmpty()) {
            return;
        }
        try (Connection connection = connect(server.url()); Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        schemas.clear();
    }

    /** The JDBC URL of the class's schema, for the store under test. */
    public String url() {
        return url;
    }

    /** The user to connect as, or null when the URL names it. */
    public String user() {
        return server.user();
    }

    /** A new, empty schema, dropped after the class; returns its JDBC URL. */
    public String newSchemaUrl() throws SQLException {
        String schema = "wharf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = connect(server.url()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        schemas.add(schema);
        return withParameter(server.url(), "currentSchema=" + schema);
    }

    /** A connection of the test's own to {@code schemaUrl}, as {@link #user()}. */
    public Connection connect(String schemaUrl) throws SQLException {
        Properties properties = new Properties();
        if (server.user() != null) {
            properties.setProperty("user", server.user());
        }
        return DriverManager.getConnection(schemaUrl, properties);
    }

    /** {@code url} with one more driver parameter, {@code name=value}. */
    public static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    private static synchronized Server server() {
        if (server != null || unreachable != null) {
            return server;
        }
        String configured = System.getenv(URL_VARIABLE);
        List<Server> candidates = configured != null && !configured.isBlank() ? List.of(new Server(configured, null))
                : LOCAL_USERS.stream().map(user -> new Server(LOCAL_URL, user)).toList();
        List<String> failures = new ArrayList<>();
        for (Server candidate : candidates) {
            Properties properties = new Properties();
            if (candidate.user() != null) {
                properties.setProperty("user", candidate.user());
            }
            properties.setProperty("connectTimeout", "3");
            try (Connection probe = DriverManager.getConnection(candidate.url(), properties)) {
                server = candidate;
                return server;
            } catch (SQLException e) {
                failures.add((candidate.user() == null ? "" : candidate.user() + " at ") + redacted(candidate.url())
                        + ": " + e.getMessage());
            }
        }
        unreachable = "no PostgreSQL answered (" + String.join("; ", failures) + "); set " + URL_VARIABLE
                + " to the JDBC URL of one, e.g. jdbc:postgresql://HOST:5432/DATABASE?user=USER";
        return null;
    }

    private static String redacted(String url) {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters) + "?...";
    }
}
