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
 *
 * <p>A method returning a reference acquires nothing when it returns {@code null}, as
 * {@code filemap_lock_folio()} locks nothing when there is no folio: where the result is stored
 * in a local variable, the checker treats the rank as not held on the branch of a null test where
 * that variable is null. A method that may fail to acquire in any other way (a {@code boolean}
 * try-lock) must not carry this annotation.
 *
 * <p>The annotation applies to every method overriding the annotated one, and to calls through
 * any of them; the checker resolves that through the override chain
 * ({@link java.lang.annotation.Inherited} has no effect on methods). An override must not declare
 * another rank.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Acquires {
    /** The rank of the lock acquired. */
    LockRank value();
}
