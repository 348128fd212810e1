package dev.wharf.upstream;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * A resolver for tests that knows a fixed set of names, and IP literals, and nothing else: a name can stand
 * for an address of the test's choosing without any DNS query leaving the machine.
 */
final class FixedNames extends AddressResolverGroup<InetSocketAddress> {
    private final Map<String, List<String>> names;

    /** @param names each name's addresses, as IP literals */
    FixedNames(Map<String, List<String>> names) {
        this.names = Map.copyOf(names);
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                try {
                    promise.setSuccess(lookup(host).get(0));
                } catch (UnknownHostException e) {
                    promise.setFailure(e);
                }
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                try {
                    promise.setSuccess(lookup(host));
                } catch (UnknownHostException e) {
                    promise.setFailure(e);
                }
            }
        });
    }

    List<InetAddress> lookup(String host) throws UnknownHostException {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return List.of(literal);
        }
        List<String> known = names.get(host);
        if (known == null) {
            throw new UnknownHostException(host + " (not one of the test's names)");
        }
        return known.stream().map(NetUtil::createInetAddressFromIpAddressString).toList();
    }
}
