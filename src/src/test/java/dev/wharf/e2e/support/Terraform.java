package dev.wharf.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terraform CLI ({@value #PROGRAM}, which no package source has: tests skip when it is absent, even under CI),
 * run in a directory of its own: a private CLI config ({@code TF_CLI_CONFIG_FILE}), {@code HOME} and data
 * directories under it, no plugin cache, and {@code CHECKPOINT_DISABLE=1} so it never calls out.
 */
public final class Terraform {
    /** Where these machines have terraform. */
    public static final String PROGRAM = "/usr/local/bin/terraform";
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private final Path dir;
    private final Map<String, String> env;

    private Terraform(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    /** True when the program is installed. */
    public static boolean isInstalled() {
        return Files.isExecutable(Path.of(PROGRAM));
    }

    /**
     * A working directory {@code dir} with the CLI config {@code cliConfig} and a configuration requiring
     * {@code providers} (local name to {@code source}, all at version {@code version}); {@code env} adds
     * variables (e.g. {@code SSL_CERT_FILE}).
     */
    public static Terraform in(Path dir, String cliConfig, Map<String, String> providers, String version, Map<String, String> env) {
        try {
            Files.createDirectories(dir.resolve("home"));
            Files.writeString(dir.resolve("cli.tfrc"), cliConfig);
            StringBuilder main = new StringBuilder("terraform {\n  required_providers {\n");
            providers.forEach((name, source) -> main.append("    ").append(name).append(" = { source = \"").append(source)
                    .append("\", version = \"").append(version).append("\" }\n"));
            main.append("  }\n}\n");
            Files.writeString(dir.resolve("main.tf"), main.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Terraform(dir, env);
    }

    /** {@code terraform init}; its outcome, whatever the exit code. */
    public Processes.Outcome init() {
        return run("init", "-input=false", "-no-color");
    }

    /** {@code <os>_<arch>} of this terraform, from {@code terraform version -json}. */
    public String platform() {
        String out = run("version", "-json").requireSuccess().output();
        Matcher m = Pattern.compile("\"platform\"\\s*:\\s*\"([a-z0-9]+_[a-z0-9]+)\"").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no platform in terraform version -json:\n" + out);
        }
        return m.group(1);
    }

    /** The dependency lock file {@code init} wrote. */
    public String lockFile() {
        try {
            return Files.readString(dir.resolve(".terraform.lock.hcl"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Processes.Outcome run(String... args) {
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of(PROGRAM)));
        builder.command().addAll(List.of(args));
        builder.directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("TF_") || k.equals("SSL_CERT_FILE") || k.equals("SSL_CERT_DIR"));
        environment.put("CHECKPOINT_DISABLE", "1");
        environment.put("TF_IN_AUTOMATION", "1");
        environment.put("TF_CLI_CONFIG_FILE", dir.resolve("cli.tfrc").toString());
        environment.put("TF_DATA_DIR", dir.resolve(".terraform").toString());
        environment.put("HOME", dir.resolve("home").toString());
        environment.putAll(env);
        return Processes.run(builder, dir.resolve("terraform-" + args[0] + ".log"), LIMIT);
    }
}
