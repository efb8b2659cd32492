package dev.punchspec.lockorder.qual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated method is a level of the lock order without being a lock: calling it is checked
 * like acquiring a lock of this rank, and its body, and the body of every method overriding it,
 * is checked as holding this rank.
 *
 * <p>Used for the punch callback ({@link LockRank#PUNCH}): a punch may be called with a folio
 * locked, so the call site may hold {@link LockRank#FOLIO_LOCK}; it must not lock folios, so a
 * punch body that acquires {@link LockRank#FOLIO_LOCK} (a lower rank) is rejected.
 *
 * <p>"Every method overriding it" includes lambdas and method references implementing the
 * annotated interface method. The lock-order checker resolves overriding itself: the
 * {@link Inherited} meta-annotation below has no effect on method annotations in Java (it only
 * makes class annotations inherited), so code reading this annotation by reflection must walk
 * the overridden methods too.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RunsAt {
    /** The level the method runs at. */
    LockRank value();
}
