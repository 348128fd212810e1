package dev.wharf.app;

import dev.wharf.config.WharfConfig;
import dev.wharf.storage.coord.LeaseHolder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** This replica as the cluster knows it: a name unique to this process, and the URL other replicas reach it at. */
final class Replica {
    private Replica() {
    }

    /** {@code cluster.advertiseUrl}, or this host's address and {@code server.port}. */
    static LeaseHolder of(WharfConfig config) {
        String advertised = config.cluster().advertiseUrl();
        String address = advertised != null ? withoutTrailingSlash(advertised)
                : (config.server().tls() == null ? "http://" : "https://") + hostAddress() + ":" + config.server().port();
        String name = hostName() + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new LeaseHolder(name, address);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String hostAddress() {
        try {
            String address = InetAddress.getLocalHost().getHostAddress();
            return address.contains(":") ? "[" + address + "]" : address;
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("\\s", "");
        } catch (UnknownHostException e) {
            return "wharf";
        }
    }
}
