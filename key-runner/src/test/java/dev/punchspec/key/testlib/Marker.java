package dev.punchspec.key.testlib;

import java.lang.annotation.ElementType;
import java.lang.annotation.Target;

/** A marker annotation used fully qualified by a fixture, never imported. */
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Marker {
}
