package dev.wharf.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a section that may be left out and is then null ({@code server.tls}: no TLS), where any other absent
 * section is bound from an empty mapping, its keys at their defaults.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OptionalSection {
}
