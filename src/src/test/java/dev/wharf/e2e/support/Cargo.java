package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The cargo command for tests: crates made with {@code cargo package}, and cargo run with its own CARGO_HOME whose
 * config replaces crates-io with a Wharf repository and names Wharf registries.
 */
public final class Cargo {
    public static final String PROGRAM = "cargo";
    public static final String DEBIAN_PACKAGE = "cargo";

    private Cargo() {
    }

    /** A library crate at {@code dir} whose {@code hello()} returns {@code greeting}, with {@code dependencies} (name to requirement). */
    public static Path library(Path dir, String name, String version, String greeting, Map<String, String> dependencies) {
        StringBuilder toml = new StringBuilder("[package]\nname = \"" + name + "\"\nversion = \"" + version
                + "\"\nedition = \"2021\"\ndescription = \"a test crate\"\nlicense = \"MIT\"\n\n[dependencies]\n");
        dependencies.forEach((dep, req) -> toml.append(dep).append(" = \"").append(req).append("\"\n"));
        write(dir.resolve("Cargo.toml"), toml.toString());
        write(dir.resolve("src/lib.rs"), "pub fn hello() -> &'static str { \"" + greeting + "\" }\n");
        return dir;
    }

    /** A binary crate at {@code dir} printing each dependency's {@code hello()} on its own line. */
    public static Path application(Path dir, Map<String, String> dependencies) {
        StringBuilder toml = new StringBuilder("[package]\nname = \"app\"\nversion = \"0.0.1\"\nedition = \"2021\"\n\n[dependencies]\n");
        StringBuilder main = new StringBuilder("fn main() {\n");
        dependencies.forEach((dep, req) -> {
            toml.append(dep).append(" = \"").append(req).append("\"\n");
            main.append("    println!(\"{}\", ").append(dep).append("::hello());\n");
        });
        write(dir.resolve("Cargo.toml"), toml.toString());
        write(dir.resolve("src/main.rs"), main.append("}\n").toString());
        return dir;
    }

    /** Writes a CARGO_HOME at {@code home} replacing crates-io with {@code source} and naming {@code registries} (name to index URL). */
    public static Path home(Path home, String source, Map<String, String> registries) {
        StringBuilder config = new StringBuilder("[source.crates-io]\nreplace-with = \"wharf\"\n\n[source.wharf]\nregistry = \"sparse+"
                + source + "\"\n\n[net]\nretry = 0\n\n[registries]\n");
        registries.forEach((name, index) -> config.append(name).append(" = { index = \"sparse+").append(index).append("\" }\n"));
        write(home.resolve("config.toml"), config.toString());
        return home;
    }

    /** Runs cargo in {@code project} with {@code home} as CARGO_HOME. */
    public static Processes.Outcome run(Path home, Path project, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = Programs.require(PROGRAM, DEBIAN_PACKAGE).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CARGO_") && !name.equals("CARGO_HOME"));
        builder.environment().put("CARGO_HOME", home.toString());
        builder.environment().put("CARGO_TARGET_DIR", project.resolve("target").toString());
        builder.environment().put("CARGO_TERM_COLOR", "never");
        return Processes.run(builder, home.resolve("cargo-" + System.nanoTime() + ".log"), Duration.ofSeconds(180));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
