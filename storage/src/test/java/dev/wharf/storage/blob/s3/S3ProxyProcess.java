package dev.wharf.storage.blob.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An s3proxy server on its filesystem backend, run as a process of its own ({@code java -jar}) so that its
 * Jetty and its own AWS SDK stay off the test classpath; one per test class. The jar is the one the build
 * copies to {@code target/s3proxy/} (system property {@code wharf.s3proxy.jar}; other modules' tests point it at
 * the storage module's copy).
 *
 * <p>The process gets none of the environment's {@code AWS_*} variables: {@code AWS_CA_BUNDLE}, for one, is
 * exported here and breaks S3 clients that honour it, and nothing of the caller's AWS setup is s3proxy's to read.
 */
public final class S3ProxyProcess implements AutoCloseable {
    public static final String ACCESS_KEY = "wharf-test-access";
    public static final String SECRET_KEY = "wharf-test-secret";
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Process process;
    private final Path directory;
    private final URI endpoint;

    private S3ProxyProcess(Process process, Path directory, URI endpoint) {
        this.process = process;
        this.directory = directory;
        this.endpoint = endpoint;
    }

    /** Starts s3proxy on a free loopback port and returns once it answers HTTP. */
    public static S3ProxyProcess start() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("wharf.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing (expected: copied there by the storage module's "
                    + "build, e.g. mvn -pl storage generate-test-resources)");
        }
        Path directory = Files.createTempDirectory("wharf-s3proxy");
        Path data = Files.createDirectory(directory.resolve("data"));
        URI endpoint = URI.create("http://127.0.0.1:" + freePort());
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", endpoint.toString());
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", ACCESS_KEY);
        properties.setProperty("s3proxy.credential", SECRET_KEY);
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.filesystem.basedir", data.toString());
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        Path config = directory.resolve("s3proxy.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            properties.store(out, "s3proxy for Wharf's S3 blob store tests");
        }
        Path log = directory.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(),
                "--properties", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        S3ProxyProcess started = new S3ProxyProcess(builder.start(), directory, endpoint);
        try {
            started.awaitAnswer(log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The base URI of its S3 API. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * A client of the test's own, to look at a bucket behind the store's back: path-style, its credentials,
     * checksums only when required (as s3proxy needs). The caller closes it.
     */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    /** Creates bucket {@code name}: on the filesystem backend, a directory of the data directory. */
    public void createBucket(String name) throws IOException {
        Files.createDirectories(directory.resolve("data").resolve(name));
    }

    /** Stops the process and deletes its data. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any HTTP answer (an anonymous request gets a 403) means s3proxy is serving. */
    private void awaitAnswer(Path log) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(1000);
                try {
                    connection.getResponseCode();
                    return;
                } finally {
                    connection.disconnect();
                }
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("s3proxy did not answer at " + endpoint + " within "
                            + START_TIMEOUT_MILLIS + " ms:\n" + Files.readString(log), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
