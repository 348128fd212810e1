package dev.wharf.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The default of a configuration key, written as the file would write it ({@code 8080}, {@code 30s},
 * {@code ./wharf-data/blobs}): a key that is absent or null is bound as if this text had been written.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
    /** The text of the default value. */
    String value();
}
