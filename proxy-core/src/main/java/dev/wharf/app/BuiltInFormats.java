package dev.wharf.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.config.FormatCatalog;
import dev.wharf.config.RepositoryType;
import dev.wharf.config.WharfConfig;
import dev.wharf.cargo.CargoFormat;
import dev.wharf.docker.DockerFormat;
import dev.wharf.format.Format;
import dev.wharf.generic.GenericFormat;
import dev.wharf.go.GoFormat;
import dev.wharf.maven.MavenFormat;
import dev.wharf.npm.NpmFormat;
import dev.wharf.pypi.PypiFormat;
import dev.wharf.terraform.TerraformFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The formats of this build, in one list: adding a format is a new package and one line here. Also what
 * the configuration needs to know of them ({@link FormatCatalog}), asked of each format in turn.
 */
public final class BuiltInFormats implements FormatCatalog {
    // One format per line, each ending with a comma, so adding a format adds a line.
    private static final List<Format> FORMATS = List.of(new Format[] {
            new DockerFormat(),
            new GenericFormat(),
            new GoFormat(),
            new TerraformFormat(),
            new MavenFormat(),
            new PypiFormat(),
            new NpmFormat(),
            new CargoFormat(),
    });

    /** The formats, in the order their routes are tried. */
    public List<Format> formats() {
        return FORMATS;
    }

    @Override
    public Set<String> ids() {
        return FORMATS.stream().map(Format::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public Class<? extends Record> repositoryOptions(String format, RepositoryType type) {
        return format(format).options(type);
    }

    @Override
    public Map<String, Class<? extends Record>> sections() {
        Map<String, Class<? extends Record>> sections = new LinkedHashMap<>();
        FORMATS.forEach(f -> f.section().ifPresent(s -> sections.put(s.name(), s.type())));
        return sections;
    }

    @Override
    public List<ObjectNode> embeddedDefaults() {
        return FORMATS.stream().flatMap(f -> f.embeddedDefaults().stream()).toList();
    }

    @Override
    public void validate(WharfConfig config) {
        FORMATS.forEach(f -> f.validate(config));
    }

    private static Format format(String id) {
        return FORMATS.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("format: " + id + " (expected one of "
                        + FORMATS.stream().map(Format::id).toList() + ")"));
    }
}
