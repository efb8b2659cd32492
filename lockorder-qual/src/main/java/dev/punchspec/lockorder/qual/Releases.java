package dev.punchspec.lockorder.qual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated method releases a lock of the given rank that the caller held.
 *
 * <p>The lock-order checker rejects a call to it where no path holds the rank (lockdep's "bad
 * unlock balance"), and analyses its body as entered holding the rank. Like {@link Acquires}, it
 * applies to the methods overriding the annotated one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Releases {
    /** The rank of the lock released. */
    LockRank value();
}
