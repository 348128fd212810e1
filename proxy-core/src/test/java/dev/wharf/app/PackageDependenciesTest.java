package dev.wharf.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of proxy-core depend downwards only: app on everything; the admin API (api) on the HTTP toolkit
 * (server) and garbage collection
 * (gc), which knows only the stores and the configuration; the formats (docker, generic, npm, ...)
 * on the format SPI and the core, never on each other; format on auth, cache, server, upstream and config; auth
 * (tokens and permissions) on the HTTP toolkit, config and the stores; cache
 * on server and upstream; server on upstream; and nothing on app. No package cycles.
 */
class PackageDependenciesTest {
    /** The format packages, one per line. */
    private static final List<String> FORMATS = List.of(new String[] {
            "docker",
            "generic",
            "go",
            "terraform",
            "cargo",
            "npm",
            "pypi",
            "maven",
    });

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.wharf");
    }

    @Test
    void layersPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("dev.wharf.app..")
                .layer("api").definedBy("dev.wharf.api..")
                .layer("gc").definedBy("dev.wharf.gc..")
                .layer("formats").definedBy(FORMATS.stream().map(f -> "dev.wharf." + f + "..").toArray(String[]::new))
                .layer("format").definedBy("dev.wharf.format..")
                .layer("auth").definedBy("dev.wharf.auth..")
                .layer("cache").definedBy("dev.wharf.cache..")
                .layer("server").definedBy("dev.wharf.server..")
                .layer("upstream").definedBy("dev.wharf.upstream..")
                .layer("config").definedBy("dev.wharf.config..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayOnlyBeAccessedByLayers("app")
                .whereLayer("gc").mayOnlyBeAccessedByLayers("app", "api")
                .whereLayer("formats").mayOnlyBeAccessedByLayers("app")
                .whereLayer("format").mayOnlyBeAccessedByLayers("app", "formats")
                .whereLayer("auth").mayOnlyBeAccessedByLayers("app", "api", "formats", "format")
                .whereLayer("cache").mayOnlyBeAccessedByLayers("app", "formats", "format")
                .whereLayer("server").mayOnlyBeAccessedByLayers("app", "api", "formats", "format", "cache", "auth")
                .whereLayer("upstream").mayOnlyBeAccessedByLayers("app", "formats", "format", "cache", "server")
                .check(classes);
    }

    @Test
    void formatsDoNotKnowEachOther() {
        slices().matching("dev.wharf.(" + String.join("|", FORMATS) + ")..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.wharf.(*)..").should().beFreeOfCycles().check(classes);
    }
}
