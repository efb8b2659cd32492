package dev.punchspec.lockorder.qual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated method is entered with locks of these ranks held by its caller; the lock-order
 * checker analyses its body as holding them. (The Lock Checker's {@code @Holding} checks that
 * the caller really holds the lock object; this annotation gives the checker its rank. The
 * lock-order checker does not check call sites of an annotated method.) It applies to the methods
 * overriding the annotated one, which must not declare other ranks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Holds {
    /** The ranks held on entry. */
    LockRank[] value();
}
