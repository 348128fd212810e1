package dev.wharf.cache;

import dev.wharf.codec.ContentDigest;
import java.util.List;

/** Whether digests a protocol gives can describe an empty body: a declared length of 0 with any other digest is a lie. */
final class EmptyContent {
    private EmptyContent() {
    }

    /** True when every digest is that of zero bytes in its algorithm (true for none). */
    static boolean matches(List<ContentDigest> expected) {
        for (ContentDigest d : expected) {
            if (!ContentDigest.ofBytes(d.algorithm(), d.algorithm().newHasher().digest()).equals(d)) {
                return false;
            }
        }
        return true;
    }
}
