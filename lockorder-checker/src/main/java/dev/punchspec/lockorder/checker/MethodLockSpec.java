package dev.punchspec.lockorder.checker;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The lock annotations in effect for one method: its own {@code @Acquires}, {@code @Releases},
 * {@code @RunsAt} and {@code @Holds}, or, where it declares none of a kind, the one of the
 * methods it overrides. Each value remembers the method that declares it, so that messages can
 * say where a rank comes from.
 *
 * @param acquires the effective {@code @Acquires}, or null
 * @param releases the effective {@code @Releases}, or null
 * @param runsAt the effective {@code @RunsAt}, or null
 * @param holds the effective {@code @Holds} ranks (empty if none), all declared on one method
 * @param conflicts human-readable descriptions of declarations that disagree (an override
 *     declaring another rank than a method it overrides, or one method carrying more than one of
 *     {@code @Acquires}, {@code @Releases}, {@code @RunsAt}); empty when consistent
 */
record MethodLockSpec(
        @Nullable Declared acquires,
        @Nullable Declared releases,
        @Nullable Declared runsAt,
        List<Declared> holds,
        List<String> conflicts) {

    /** No lock annotation at all. */
    static final MethodLockSpec NONE = new MethodLockSpec(null, null, null, List.of(), List.of());

    /**
     * One rank and the method whose annotation declares it.
     *
     * @param rank the rank
     * @param declaredOn the method carrying the annotation (the method itself or one it overrides)
     */
    record Declared(LockRank rank, ExecutableElement declaredOn) {}

    /**
     * The rank a call to this method is checked as acquiring: {@code @Acquires} or {@code @RunsAt}.
     *
     * @return the rank, or null if a call acquires nothing
     */
    @Nullable Declared acquiredByCall() {
        return acquires != null ? acquires : runsAt;
    }

    /**
     * Whether a call leaves the caller holding the rank ({@code @Acquires}); a {@code @RunsAt}
     * method is a level, entered and left within the call.
     *
     * @return true iff the method carries (or inherits) {@code @Acquires}
     */
    boolean callKeepsRank() {
        return acquires != null;
    }
}
