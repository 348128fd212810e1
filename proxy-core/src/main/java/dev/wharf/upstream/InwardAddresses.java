package dev.wharf.upstream;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Addresses that point into the network Wharf runs in rather than out to the internet: loopback and the
 * unspecified addresses (0.0.0.0/8 and ::, which reach the local host), link-local (where cloud metadata services answer,
 * 169.254.169.254) and private ranges (10/8, 172.16/12, 192.168/16, IPv6 fc00::/7 and fec0::/10). IPv4-mapped
 * IPv6 addresses count as the IPv4 address they carry.
 */
final class InwardAddresses {
    private InwardAddresses() {
    }

    static boolean isInward(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()) {
            return true;
        }
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            return (b[0] & 0xfe) == 0xfc;
        }
        return address instanceof Inet4Address && (address.getAddress()[0] & 0xff) == 0;
    }

    /** The first inward address of {@code addresses}, or null. */
    static InetAddress firstInward(List<InetAddress> addresses) {
        return addresses.stream().filter(InwardAddresses::isInward).findFirst().orElse(null);
    }
}
