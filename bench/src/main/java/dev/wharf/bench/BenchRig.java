package dev.wharf.bench;

import dev.wharf.server.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end fixture: an in-process {@link BlobUpstream}, a {@link WharfUnderTest} in front of it,
 * and a {@link BlobClient} connected to Wharf, the upstream and the client on one event loop of their own.
 * {@link #close()} stops whatever was started, also after a start that failed half-way.
 */
final class BenchRig implements AutoCloseable {
    final EventLoopGroup group;
    final Transport transport = Transport.best();
    BlobUpstream upstream;
    WharfUnderTest wharf;
    BlobClient client;

    private BenchRig() {
        group = transport.newGroup(1, new DefaultThreadFactory("bench-client", true));
    }

    /** Starts all three, the upstream able to serve blobs up to {@code maxSize} bytes. */
    static BenchRig start(long maxSize) throws IOException, InterruptedException {
        BenchRig rig = new BenchRig();
        try {
            rig.upstream = BlobUpstream.start(maxSize, rig.group, rig.transport);
            rig.wharf = WharfUnderTest.start(rig.upstream.port());
            rig.client = BlobClient.connect(rig.group, rig.transport, rig.wharf.port());
            return rig;
        } catch (IOException | InterruptedException | RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (client != null) {
                client.close();
            }
            if (wharf != null) {
                wharf.close();
            }
            if (upstream != null) {
                upstream.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
