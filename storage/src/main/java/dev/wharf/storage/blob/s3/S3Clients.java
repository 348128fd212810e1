package dev.wharf.storage.blob.s3;

import dev.wharf.storage.DaemonThreadFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.Executor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the {@link S3AsyncClient} of an {@link S3BlobStore}: the SDK's Netty HTTP client, with up to
 * {@value #MAX_CONNECTIONS} connections, on an event loop group of the store's own ({@value #EVENT_LOOP_THREADS}
 * daemon threads {@code wharf-s3-netty-N}), never one of the server's: SDK builds made for Netty 4.1 refuse a
 * Netty 4.2 {@code MultiThreadIoEventLoopGroup}.
 *
 * <p>Checksums are computed and validated only where S3 requires them: the bytes are verified by their sha256
 * anyway, and S3-compatible servers do not all understand the SDK's default CRC trailers. Nothing here reads
 * {@code AWS_CA_BUNDLE}: an {@code http} endpoint needs no trust store, and an {@code https} one uses the JVM's.
 */
final class S3Clients {
    /** Threads of the client's event loop group: S3 traffic is a few streams per fill or hit. */
    static final int EVENT_LOOP_THREADS = 2;
    /**
     * Connections to S3 at once. A streamed hit holds one for as long as its client takes to read it, so this
     * is well above the SDK's default of 50.
     */
    static final int MAX_CONNECTIONS = 256;

    private S3Clients() {
    }

    /**
     * The event loop group for {@link #create}, which the caller shuts down after closing the client. The SDK
     * knows event loop groups by their class, and of Netty 4.2's only the deprecated {@link NioEventLoopGroup}
     * still has its own; a group the SDK made itself would hold every close for a two-second quiet period.
     */
    @SuppressWarnings("deprecation")
    static EventLoopGroup eventLoops() {
        return new NioEventLoopGroup(EVENT_LOOP_THREADS, new DaemonThreadFactory("wharf-s3-netty"));
    }

    /** A client for {@code settings} on {@code loops}, whose response futures complete on {@code completions}. */
    static S3AsyncClient create(S3Settings settings, EventLoopGroup loops, Executor completions) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(SdkEventLoopGroup.create(loops, NioSocketChannel::new))
                        .maxConcurrency(MAX_CONNECTIONS))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Our own pool rather than the SDK's default one, so that the store's threads are all named and bounded.
                .asyncConfiguration(async -> async.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        completions));
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /** A presigner for the same endpoint, region, addressing and credentials as {@link #create}'s client. */
    static S3Presigner presigner(S3Settings settings) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }
}
