package dev.wharf.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.testing.InProcessWharf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route walk: every admin API operation the running server's handlers declare is in {@code /api/v1/openapi.json}
 * with its path parameters, query parameters and statuses, answers the real requests with a documented status, and
 * nothing documented is undeclared (no stale document).
 */
@Timeout(60)
class OpenApiRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /**
     * The repositories resource of the admin API contract, documented ahead of its handler (another branch brings it):
     * checked against the document like declared operations, and required to be declared once a handler declares any
     * operation under its route.
     */
    private static final List<ApiOperation> REPOSITORIES = List.of(
            ApiOperation.admin("GET", "/api/v1/repositories", List.of(), 200),
            ApiOperation.admin("POST", "/api/v1/repositories", List.of(), 201, 400, 409, 413),
            ApiOperation.admin("GET", "/api/v1/repositories/{key}", List.of(), 200, 404),
            ApiOperation.admin("PUT", "/api/v1/repositories/{key}", List.of(), 200, 201, 400, 413),
            ApiOperation.admin("DELETE", "/api/v1/repositories/{key}", List.of("force"), 204, 404, 409));

    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private InProcessWharf wharf;
    private JsonNode document;

    @BeforeEach
    void start() throws Exception {
        wharf = InProcessWharf.start(dir, """
                repositories:
                  - { key: files, format: generic, type: local }
                """);
        HttpResponse<String> response = send("GET", "/api/v1/openapi.json", null);
        assertThat(response.statusCode()).as("anonymous read of the document").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        document = JSON.readTree(response.body());
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    @Test
    void everyDeclaredOperationIsDocumentedWithItsParametersAndStatuses() {
        List<ApiOperation> declared = wharf.apiOperations();
        assertThat(declared).extracting(ApiOperation::path).contains("/api/v1/tokens", "/api/v1/tokens/{id}", "/api/v1/gc",
                "/api/v1/stats", "/api/v1/stats/{key}", "/api/v1/openapi.json");
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        for (ApiOperation operation : expected(declared)) {
            String name = operation.method() + " " + operation.path();
            JsonNode documented = document.path("paths").path(operation.path()).path(operation.method().toLowerCase(Locale.ROOT));
            assertThat(documented.isObject()).as(name + " is documented").isTrue();
            List<JsonNode> parameters = parameters(operation.path(), documented);
            assertThat(names(parameters, "path")).as(name + " path parameters").isEqualTo(pathParameters(operation.path()));
            assertThat(parameters).filteredOn(p -> p.path("in").asText().equals("path"))
                    .allSatisfy(p -> assertThat(p.path("required").asBoolean()).as(name + " path parameter required").isTrue());
            assertThat(names(parameters, "query")).as(name + " query parameters").isEqualTo(new TreeSet<>(operation.query()));
            Set<String> statuses = new TreeSet<>();
            documented.path("responses").fieldNames().forEachRemaining(statuses::add);
            assertThat(statuses).as(name + " statuses")
                    .isEqualTo(operation.statuses().stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void everyDocumentedOperationIsDeclared() {
        Set<String> expected = expected(wharf.apiOperations()).stream().map(o -> o.method() + " " + o.path())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(documented).isEqualTo(expected);
    }

    @Test
    void everyDeclaredOperationAnswersADocumentedStatusAndTheAdminOnesRefuseAnonymousCallers() throws Exception {
        for (ApiOperation operation : wharf.apiOperations()) {
            String path = PATH_PARAMETER.matcher(operation.path()).replaceAll("no-such-object");
            String name = operation.method() + " " + path;
            String body = operation.method().equals("GET") || operation.method().equals("DELETE") ? null : "{}";
            HttpResponse<String> answer = send(operation.method(), path, InProcessWharf.ADMIN_TOKEN, body);
            assertThat(operation.statuses()).as(name + " answered " + answer.statusCode() + " " + answer.body())
                    .contains(answer.statusCode());
            boolean anonymous = document.path("paths").path(operation.path()).path(operation.method().toLowerCase(Locale.ROOT))
                    .path("security").equals(JSON.readTree("[{}]"));
            if (!anonymous) {
                assertThat(send(operation.method(), path, null, body).statusCode()).as(name + " without a token").isEqualTo(401);
            }
        }
    }

    @Test
    void everySchemaStaysInTheCheckedSubsetAndEveryReferenceResolves() {
        SchemaValidator validator = new SchemaValidator(document);
        List<JsonNode> schemas = new ArrayList<>();
        document.path("components").path("schemas").forEach(schemas::add);
        collect(document.path("paths"), schemas);
        collect(document.path("components").path("responses"), schemas);
        assertThat(schemas).hasSizeGreaterThan(15);
        schemas.forEach(validator::vet);
        List<String> refs = new ArrayList<>();
        references(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(validator.resolve(ref).isObject()).as(ref).isTrue());
    }

    /** The declared operations, plus the contract's repositories operations while no handler declares them. */
    private static List<ApiOperation> expected(List<ApiOperation> declared) {
        List<ApiOperation> all = new ArrayList<>(declared);
        if (declared.stream().noneMatch(o -> o.path().startsWith("/api/v1/repositories"))) {
            all.addAll(REPOSITORIES);
        }
        return all;
    }

    /** An operation's parameters and its path item's, as OpenAPI merges them. */
    private List<JsonNode> parameters(String path, JsonNode operation) {
        List<JsonNode> all = new ArrayList<>();
        document.path("paths").path(path).path("parameters").forEach(all::add);
        operation.path("parameters").forEach(all::add);
        return all;
    }

    private static Set<String> names(List<JsonNode> parameters, String in) {
        return parameters.stream().filter(p -> p.path("in").asText().equals(in)).map(p -> p.path("name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> pathParameters(String template) {
        Set<String> names = new TreeSet<>();
        Matcher m = PATH_PARAMETER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every value of a {@code schema} field under {@code node}. */
    private static void collect(JsonNode node, List<JsonNode> schemas) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("schema")) {
                schemas.add(node.get(name));
            } else {
                collect(node.get(name), schemas);
            }
        }
        if (node.isArray()) {
            node.forEach(item -> collect(item, schemas));
        }
    }

    private static void references(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> references(child, refs));
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        return send(method, path, token, null);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wharf.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
