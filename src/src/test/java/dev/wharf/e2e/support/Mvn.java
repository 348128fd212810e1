package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code mvn}, run against Wharf only: a settings file whose one mirror ({@code <mirrorOf>*</mirrorOf>})
 * is a Wharf repository (with {@code central} redeclared to allow snapshots, which the mirror then serves too),
 * an empty global settings file, a local repository the test chooses (empty for a cold
 * build), batch mode; and small projects written for it, their build plugins pinned to versions the test JVM's
 * own local repository holds, so that a tree served from it has everything a build needs.
 */
public final class Mvn {
    /** The executable name. */
    public static final String PROGRAM = "mvn";
    /** The Debian package that installs {@link #PROGRAM}. */
    public static final String DEBIAN_PACKAGE = "maven";
    /** The id of the server the settings give Wharf's admin token for, which projects deploy to. */
    public static final String SERVER_ID = "wharf";
    /** The build plugins of the default lifecycle, at the versions this repository's own build uses. */
    private static final List<String[]> PLUGINS = List.of(
            new String[] {"maven-resources-plugin", "3.5.0"},
            new String[] {"maven-compiler-plugin", "3.16.0"},
            new String[] {"maven-surefire-plugin", "3.6.1"},
            new String[] {"maven-jar-plugin", "3.5.1"},
            new String[] {"maven-install-plugin", "3.2.0"},
            new String[] {"maven-deploy-plugin", "3.1.4"});

    private final Path executable;
    private final Path settings;
    private final Path globalSettings;
    private final Duration limit;

    private Mvn(Path executable, Path settings, Path globalSettings, Duration limit) {
        this.executable = executable;
        this.settings = settings;
        this.globalSettings = globalSettings;
        this.limit = limit;
    }

    /** An mvn whose every repository is mirrored to {@code mirrorUrl}, with settings written to {@code dir}. */
    public static Mvn mirroredTo(String mirrorUrl, Path dir, Duration limit) {
        try {
            Files.createDirectories(dir);
            Path settings = Files.writeString(dir.resolve("settings.xml"), """
                    <settings>
                      <mirrors>
                        <mirror><id>wharf-mirror</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                      </mirrors>
                      <servers>
                        <server><id>%s</id><username>token</username><password>%s</password></server>
                      </servers>
                      <profiles>
                        <profile>
                          <id>wharf-snapshots</id>
                          <repositories>
                            <repository><id>central</id><url>%s</url><snapshots><enabled>true</enabled></snapshots></repository>
                          </repositories>
                          <pluginRepositories>
                            <pluginRepository><id>central</id><url>%s</url><snapshots><enabled>true</enabled></snapshots></pluginRepository>
                          </pluginRepositories>
                        </profile>
                      </profiles>
                      <activeProfiles><activeProfile>wharf-snapshots</activeProfile></activeProfiles>
                    </settings>
                    """.formatted(mirrorUrl, SERVER_ID, WharfProcess.ADMIN_TOKEN, mirrorUrl, mirrorUrl), StandardCharsets.UTF_8);
            Path global = Files.writeString(dir.resolve("global-settings.xml"), "<settings/>\n", StandardCharsets.UTF_8);
            return new Mvn(Programs.require(PROGRAM, DEBIAN_PACKAGE), settings, global, limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Maven settings in " + dir, e);
        }
    }

    /** Runs {@code goals} in {@code project} with {@code localRepository}, its output in {@code <project>/mvn-<n>.log}. */
    public Processes.Outcome run(Path project, Path localRepository, String... goals) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-B", "-ntp", "-s", settings.toString(),
                "-gs", globalSettings.toString(), "-Dmaven.repo.local=" + localRepository));
        command.addAll(List.of(goals));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile());
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().remove("MAVEN_CONFIG");
        try (var logs = Files.list(project)) {
            long n = logs.filter(p -> p.getFileName().toString().startsWith("mvn-")).count();
            return Processes.run(builder, project.resolve("mvn-" + n + ".log"), limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + project, e);
        }
    }

    /**
     * Writes a jar project {@code groupId:artifactId:version} with one class {@code className} (a public static
     * {@code String hello()} returning {@code body}), depending on {@code dependencies} ({@code g:a:v}), deploying
     * to {@code deployUrl} (releases and snapshots alike) with the settings' token.
     */
    public static Path project(Path dir, String coordinates, String className, String body, String deployUrl,
                               String... dependencies) {
        String[] gav = coordinates.split(":");
        StringBuilder deps = new StringBuilder();
        for (String dependency : dependencies) {
            String[] d = dependency.split(":");
            deps.append("    <dependency><groupId>").append(d[0]).append("</groupId><artifactId>").append(d[1])
                    .append("</artifactId><version>").append(d[2]).append("</version></dependency>\n");
        }
        StringBuilder plugins = new StringBuilder();
        for (String[] p : PLUGINS) {
            plugins.append("        <plugin><artifactId>").append(p[0]).append("</artifactId><version>").append(p[1])
                    .append("</version></plugin>\n");
        }
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s  </dependencies>
                  <build>
                    <pluginManagement>
                      <plugins>
                %s      </plugins>
                    </pluginManagement>
                  </build>
                  <distributionManagement>
                    <repository><id>%s</id><url>%s</url></repository>
                    <snapshotRepository><id>%s</id><url>%s</url></snapshotRepository>
                  </distributionManagement>
                </project>
                """.formatted(gav[0], gav[1], gav[2], deps, plugins, SERVER_ID, deployUrl, SERVER_ID, deployUrl);
        int dot = className.lastIndexOf('.');
        String pkg = className.substring(0, dot);
        String simple = className.substring(dot + 1);
        try {
            Path sources = Files.createDirectories(dir.resolve("src/main/java/" + pkg.replace('.', '/')));
            Files.writeString(dir.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
            Files.writeString(sources.resolve(simple + ".java"), """
                    package %s;

                    public class %s {
                        public static String hello() {
                            return %s;
                        }
                    }
                    """.formatted(pkg, simple, body), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a project in " + dir, e);
        }
    }
}
