package dev.punchspec.api.lock;

import dev.punchspec.lockorder.qual.LockRank;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.dataflow.qual.Pure;

/**
 * One entry of a task's held-lock stack, lockdep's {@code struct held_lock}: which lock (or level
 * of the order), in which mode, held by which task, and where it was acquired.
 *
 * <p>The same immutable entry sits in the holding task's stack and in the lock's holder list.
 * Equality covers the lock name, rank, mode and holding task, not the acquisition site: two model
 * states that hold the same locks are the same state however the Java code got there.
 */
public final class HeldLock {

    private final String lockName;
    private final LockRank rank;
    private final @Nullable LockMode mode;
    private final StackSnapshot acquiredAt;
    /** The holder, copied from {@code acquiredAt} so that equality reads only fields. */
    private final int taskId;

    /**
     * @param lockName the lock's name, or the level's name
     * @param rank the lock's rank or the level
     * @param mode the mode, {@code null} for a level of the order that is not a lock
     * @param acquiredAt where the holder acquired it; names the holding task
     */
    HeldLock(String lockName, LockRank rank, @Nullable LockMode mode, StackSnapshot acquiredAt) {
        this.lockName = lockName;
        this.rank = rank;
        this.mode = mode;
        this.acquiredAt = acquiredAt;
        this.taskId = acquiredAt.taskId();
    }

    /** @return the name of the lock, e.g. {@code folio 3}, or of the level, {@code ->punch} */
    @Pure
    public String lockName() {
        return lockName;
    }

    /** @return the lock's rank, or the level */
    @Pure
    public LockRank rank() {
        return rank;
    }

    /** @return the mode held, or {@code null} for a level of the order (see {@link #isLevel()}) */
    @Pure
    public @Nullable LockMode mode() {
        return mode;
    }

    /** @return whether this entry is a level of the order entered with {@link TaskContext#enterLevel} rather than a lock */
    @Pure
    public boolean isLevel() {
        return mode == null;
    }

    /** @return the id of the holding task */
    @Pure
    public int taskId() {
        return taskId;
    }

    /** @return where the holder acquired the lock (or entered the level) */
    @Pure
    public StackSnapshot acquiredAt() {
        return acquiredAt;
    }

    /** Same lock name, rank, mode and holding task; the acquisition site is ignored. */
    @Override
    public boolean equals(@GuardSatisfied HeldLock this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof HeldLock)) {
            return false;
        }
        HeldLock that = (HeldLock) other;
        return lockName.equals(that.lockName) && rank == that.rank && mode == that.mode && taskId == that.taskId;
    }

    /** Deterministic across JVM runs (ordinals, not enum identity hashes), so hashed state orders reproduce. */
    @Override
    public int hashCode(@GuardSatisfied HeldLock this) {
        int modeCode = mode == null ? -1 : mode.ordinal();
        return ((lockName.hashCode() * 31 + rank.ordinal()) * 31 + modeCode) * 31 + taskId;
    }

    /** @return e.g. {@code folio 3 [FOLIO_LOCK EXCLUSIVE] by task 1 (writer)}, or {@code ->punch [PUNCH level] by ...} */
    @Override
    public String toString(@GuardSatisfied HeldLock this) {
        return lockName + " [" + rank + " " + (mode == null ? "level" : mode) + "] by " + acquiredAt.taskLabel();
    }
}
