package dev.punchspec.api.lock;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A broken locking rule, reported as property {@value #PROPERTY}: what happened ({@link Kind}),
 * the lock concerned, the other lock or holder in conflict, and both stacks, as lockdep prints
 * them: where the conflicting lock was acquired ({@link #heldLock()}{@code .acquiredAt()}) and where
 * the task is now ({@link #current()}).
 *
 * <p>It is a value, appended to {@link LockValidator#violations()}, and an unchecked exception,
 * thrown when the validator's policy says so (and always for a {@link Kind#DEADLOCK}). Its message
 * is the full report.
 */
public final class LockViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The property name used in explorer output. */
    public static final String PROPERTY = "LOCK_ORDER";

    /** What rule was broken; each mirrors a lockdep report. */
    public enum Kind {
        /** A lock acquired while a lock of higher rank is held ("possible circular locking dependency"). */
        ORDER_INVERSION("acquires", "lock taken against the documented order"),
        /** A lock acquired while a lock of the same rank is held ("possible recursive locking detected"). */
        SAME_RANK("acquires", "recursive or same-rank locking"),
        /** An unlock by a task that does not hold the lock ("bad unlock balance detected"). */
        UNLOCK_NOT_HELD("releases", "unlock of a lock the task does not hold"),
        /** A task finished with locks still held ("lock held when returning to user space"). */
        HELD_AT_EXIT("exits holding", "lock still held at task exit"),
        /** {@code lockdep_assert_held()} failed. */
        NOT_HELD("asserts held", "lockdep_assert_held failed"),
        /** {@code lockdep_assert_held_write()} failed: not held, or held only shared. */
        NOT_HELD_WRITE("asserts held for write", "lockdep_assert_held_write failed"),
        /** A contended acquire that can never be granted: no other task can release the lock. */
        DEADLOCK("waits for", "contended acquire can never be granted");

        private final String verb;
        private final String summary;

        Kind(String verb, String summary) {
            this.verb = verb;
            this.summary = summary;
        }

        /** @return one line saying what the rule is, for reports */
        public String summary() {
            return summary;
        }
    }

    private final Kind kind;
    private final String lockName;
    private final LockRank lockRank;
    private final @Nullable HeldLock heldLock;
    private final StackSnapshot current;

    /**
     * @param kind the rule broken
     * @param lockName the lock acquired, released or asserted
     * @param lockRank its rank
     * @param heldLock the lock entry in conflict: the held lock of higher or equal rank, the entry
     *     still held at exit, or a holder of the lock concerned; {@code null} if there is none
     * @param current where the task is now
     */
    LockViolation(Kind kind, String lockName, LockRank lockRank, @Nullable HeldLock heldLock, StackSnapshot current) {
        super(report(kind, lockName, lockRank, heldLock, current));
        this.kind = kind;
        this.lockName = lockName;
        this.lockRank = lockRank;
        this.heldLock = heldLock;
        this.current = current;
    }

    private static String report(
            Kind kind, String lockName, LockRank lockRank, @Nullable HeldLock heldLock, StackSnapshot current) {
        StringBuilder text = new StringBuilder(PROPERTY)
                .append(' ').append(kind).append(" (").append(kind.summary).append("): ")
                .append(current.taskLabel()).append(' ').append(kind.verb).append(' ')
                .append(lockName).append(" [").append(lockRank).append(']');
        if (heldLock != null) {
            text.append("; in conflict with ").append(heldLock)
                    .append("\n  ").append(heldLock.lockName()).append(" acquired by ").append(heldLock.acquiredAt().render());
        }
        text.append("\n  now: ").append(current.render());
        text.append("\n  documented order: ").append(documentedOrder());
        return text.toString();
    }

    /** @return the ranks in acquisition order, e.g. {@code I_RWSEM < INVALIDATE_LOCK < ...} */
    static String documentedOrder() {
        List<String> names = new ArrayList<>();
        for (LockRank rank : LockRank.values()) {
            names.add(rank.name());
        }
        return String.join(" < ", names);
    }

    /** @return always {@value #PROPERTY} */
    public String property() {
        return PROPERTY;
    }

    /** @return the rule broken */
    public Kind kind() {
        return kind;
    }

    /** @return the name of the lock acquired, released or asserted */
    public String lockName() {
        return lockName;
    }

    /** @return its rank */
    public LockRank lockRank() {
        return lockRank;
    }

    /** @return the other lock entry in conflict, carrying its acquisition stack, or {@code null} if there is none */
    public @Nullable HeldLock heldLock() {
        return heldLock;
    }

    /** @return where the task is now (the second stack) */
    public StackSnapshot current() {
        return current;
    }
}
