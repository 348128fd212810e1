package dev.wharf.upstream;

import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Every address of a host, by the client's non-blocking resolver (the one its connections use), or at once
 * for an IP literal; never the JDK's blocking lookup, since this runs on event loops.
 */
final class HostAddresses {
    private final ClientResources client;

    HostAddresses(ClientResources client) {
        this.client = client;
    }

    /** Completes on an event loop; fails with the resolver's exception, e.g. {@link java.net.UnknownHostException}. */
    CompletableFuture<List<InetAddress>> resolve(String host) {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return CompletableFuture.completedFuture(List.of(literal));
        }
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        client.resolver().getResolver(client.group().next()).resolveAll(InetSocketAddress.createUnresolved(host, 0))
                .addListener((Future<List<InetSocketAddress>> resolved) -> {
                    if (resolved.isSuccess()) {
                        result.complete(resolved.getNow().stream().map(InetSocketAddress::getAddress).toList());
                    } else {
                        result.completeExceptionally(resolved.cause());
                    }
                });
        return result;
    }
}
