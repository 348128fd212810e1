package dev.wharf.e2e.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** The container of repeated {@link RequiredProgram} annotations. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiredProgramExtension.class)
public @interface RequiredPrograms {
    /** The programs the annotated test needs. */
    RequiredProgram[] value();
}
