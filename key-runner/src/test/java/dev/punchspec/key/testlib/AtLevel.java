package dev.punchspec.key.testlib;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A declaration annotation with an enum element, like the project's lock-rank annotations. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface AtLevel {
    /** The level. */
    Level value();

    /** An element of a generic type, which KeY could not parse; stubs leave elements out. */
    Class<? extends Number>[] extra() default {};
}
