package dev.punchspec.verify.explore;

import dev.punchspec.api.lock.LockViolation;

/**
 * The names of the properties the explorer reports (DESIGN.md, "Properties checked"), and the two
 * it adds for runs that cannot complete normally. A violation is written {@code NAME: detail}.
 */
public final class Properties {

    /** A byte below EOF differs, after a final fsync and cache drop, from what completed writes and stores put there. */
    public static final String DATA_LOST = "DATA_LOST";
    /** A dirty block below EOF has neither a delalloc nor an allocated extent. */
    public static final String DIRTY_WITHOUT_RESERVATION = "DIRTY_WITHOUT_RESERVATION";
    /** At rest, a delalloc block has no dirty data over it. */
    public static final String RESERVATION_LEAK = "RESERVATION_LEAK";
    /** A punch changed an extent that was not delalloc. */
    public static final String PUNCHED_NON_DELALLOC = "PUNCHED_NON_DELALLOC";
    /** A lock taken against the documented order, or another lockdep report of the lock model (the api's name for it). */
    public static final String LOCK_ORDER = LockViolation.PROPERTY;
    /** A runtime-checked JML precondition or invariant failed. */
    public static final String CONTRACT = "CONTRACT";
    /** A condition the kernel guards with {@code WARN_ON_ONCE} became true. */
    public static final String KERNEL_WARN = "KERNEL_WARN";
    /** Tasks waited for each other forever: the lock model's deadlock report. */
    public static final String DEADLOCK = "DEADLOCK";
    /** A task's code threw an exception the model does not expect (a bug of the model or the scenario). */
    public static final String TASK_EXCEPTION = "TASK_EXCEPTION";

    private Properties() {
    }

    /**
     * The property of a violation text.
     *
     * @param violation {@code NAME: detail}
     * @return {@code NAME}
     * @throws IllegalArgumentException if the text has no {@code ": "}
     */
    public static String propertyOf(String violation) {
        int colon = violation.indexOf(": ");
        if (colon <= 0) {
            throw new IllegalArgumentException("violation = \"" + violation + "\": expected \"PROPERTY: detail\"");
        }
        return violation.substring(0, colon);
    }
}
