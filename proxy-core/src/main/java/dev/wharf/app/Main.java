package dev.wharf.app;

import dev.wharf.config.ConfigException;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.WharfConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * The command line: {@code java -jar wharf.jar [serve] [--config FILE]}. With no config file Wharf runs
 * the embedded default (port 8080, data under {@code ./wharf-data}). {@code gc} asks a running Wharf to collect
 * garbage (see {@link GcCommand}).
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar wharf.jar [serve] [--config FILE]
                   java -jar wharf.jar gc [--dry-run] [--url URL] [--token TOKEN]
                   java -jar wharf.jar token create|list|revoke [--server URL] [--token TOKEN] [--output json]
                   java -jar wharf.jar stats [KEY] [--server URL] [--token TOKEN] [--output json]

              serve              run the server (the default command)
              --config FILE      YAML configuration; without it, the embedded default:
                                 port 8080, data under ./wharf-data, built-in remotes
              gc                 garbage-collect a running Wharf now and print the report
              token              create, list and revoke API tokens of a running Wharf (token --help)
              stats              per-repository statistics of a running Wharf (stats --help)
            """;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.getenv(), System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, Map<String, String> env, PrintStream err) throws InterruptedException {
        if (args.length > 0 && args[0].equals("gc")) {
            return GcCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, err);
        }
        if (args.length > 0 && args[0].equals("token")) {
            return new CommandLine(new TokenCommand()).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals("stats")) {
            return new CommandLine(new StatsCommand()).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        int i = 0;
        if (args.length > 0 && args[0].equals("serve")) {
            i++;
        }
        Path configFile = null;
        for (; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        err.println("wharf: --config needs a file\n" + USAGE);
                        return 2;
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h", "help" -> {
                    err.print(USAGE);
                    return 0;
                }
                default -> {
                    err.println("wharf: unknown argument: " + args[i] + "\n" + USAGE);
                    return 2;
                }
            }
        }
        WharfConfig config;
        WharfServer server;
        try {
            config = configFile == null
                    ? ConfigLoader.embeddedDefault(Path.of("wharf-data"), env, new BuiltInFormats())
                    : ConfigLoader.load(configFile, env, new BuiltInFormats());
            LoggingSetup.configure(LogFormat.parse(config.logging().format()),
                    org.slf4j.event.Level.valueOf(config.logging().level().toUpperCase(java.util.Locale.ROOT)));
            server = WharfServer.start(config);
        } catch (ConfigException e) {
            err.println("wharf: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            LoggingSetup.stop();
        }, "wharf-shutdown"));
        server.awaitStopped();
        return 0;
    }
}
