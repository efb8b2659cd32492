package dev.punchspec.lockorder.qual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated method acquires a lock of the given rank and returns with it held.
 *
 * <p>The lock-order checker rejects a call to it while the caller holds a lock of the same or a
 * higher rank. From the call on, the caller holds the rank until it calls a method annotated
 * {@link Releases} with the same rank, or, when the call is a try-with-resources resource, until
 * the end of that try block.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Acquires {
    /** The rank of the lock acquired. */
    LockRank value();
}
