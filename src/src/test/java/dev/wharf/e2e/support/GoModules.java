package dev.wharf.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Go modules for tests: module zips built as the go command lays them out, a static GOPROXY tree of them, and the
 * go command run against a proxy URL with its caches, module cache and configuration under one directory.
 */
public final class GoModules {
    public static final String PROGRAM = "go";
    public static final String DEBIAN_PACKAGE = "golang-go";

    private GoModules() {
    }

    /** A library module whose package {@code lib} has {@code func Hello() string} returning {@code greeting}. */
    public static Map<String, String> library(String module, String greeting) {
        return Map.of("go.mod", "module " + module + "\n\ngo 1.18\n",
                "lib/lib.go", "package lib\n\nfunc Hello() string { return \"" + greeting + "\" }\n");
    }

    /** The module zip of {@code files} (paths within the module) for {@code module@version}. */
    public static byte[] zip(String module, String version, Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(module + "@" + version + "/" + file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code module@version} into a GOPROXY tree at {@code root} (its .info, .mod, .zip) and adds it to the list. */
    public static void publish(Path root, String module, String version, Map<String, String> files) {
        try {
            Path dir = Files.createDirectories(root.resolve(module).resolve("@v"));
            Files.write(dir.resolve(version + ".zip"), zip(module, version, files));
            Files.writeString(dir.resolve(version + ".mod"), files.get("go.mod"));
            Files.writeString(dir.resolve(version + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2026-01-01T00:00:00Z\"}\n");
            Path list = dir.resolve("list");
            Files.writeString(list, (Files.exists(list) ? Files.readString(list) : "") + version + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes an application module {@code example.com/app} at {@code dir} whose main prints every required module's
     * {@code lib.Hello()} on its own line, {@code requires} mapping module paths to versions.
     */
    public static Path application(Path dir, Map<String, String> requires) {
        StringBuilder mod = new StringBuilder("module example.com/app\n\ngo 1.18\n\nrequire (\n");
        StringBuilder imports = new StringBuilder();
        StringBuilder calls = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, String> require : requires.entrySet()) {
            mod.append("\t").append(require.getKey()).append(" ").append(require.getValue()).append("\n");
            imports.append("\tl").append(i).append(" \"").append(require.getKey()).append("/lib\"\n");
            calls.append("\tfmt.Println(l").append(i).append(".Hello())\n");
            i++;
        }
        mod.append(")\n");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("go.mod"), mod.toString());
            Files.writeString(dir.resolve("main.go"), "package main\n\nimport (\n\t\"fmt\"\n" + imports + ")\n\nfunc main() {\n" + calls + "}\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the go command in {@code project} against {@code proxy}, with fresh caches under {@code home}. */
    public static Processes.Outcome go(Path home, Path project, String proxy, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = Programs.require(PROGRAM, DEBIAN_PACKAGE).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GO"));
        env.put("HOME", home.toString());
        env.put("GOPATH", home.resolve("gopath").toString());
        env.put("GOMODCACHE", home.resolve("modcache").toString());
        env.put("GOCACHE", home.resolve("gocache").toString());
        env.put("GOENV", "off");
        env.put("GOPROXY", proxy);
        env.put("GOSUMDB", "off");
        env.put("GOFLAGS", "-mod=mod");
        env.put("GOTOOLCHAIN", "local");
        env.put("CGO_ENABLED", "0");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Processes.run(builder, home.resolve("go-" + System.nanoTime() + ".log"), Duration.ofSeconds(120));
    }
}
