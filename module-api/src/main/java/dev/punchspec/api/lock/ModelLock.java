package dev.punchspec.api.lock;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.lock.qual.EnsuresLockHeld;
import org.checkerframework.checker.lock.qual.EnsuresLockHeldIf;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.dataflow.qual.Pure;

/**
 * One kernel lock of one model instance: {@code inode->i_rwsem}, {@code mapping->invalidate_lock},
 * the lock of one folio, or XFS's {@code ILOCK}. It holds a name, a {@link LockRank}, the
 * {@link LockKind} that rank implies (rw-semaphore or mutex-like), and its holders; the rules are
 * checked by the acquiring task's {@link LockValidator}.
 *
 * <p>This is not a Java lock: model threads run one at a time under a deterministic scheduler, so
 * the lock is plain state plus a protocol. {@link #lock} and {@link #tryLock} call the task's
 * {@link SchedulingHook#schedulingPoint} before acquiring, {@link #unlock} calls it after
 * releasing, and a contended {@link #lock} asks the hook to {@link SchedulingHook#blockUntil block}
 * the task until the lock is available. When the hook says that can never happen (a sequential run
 * has no other task to release it) the acquire is a deadlock and throws a {@link LockViolation}.
 *
 * <p>For the Checker Framework's Lock Checker a {@code ModelLock} is a lock: state it protects is
 * annotated {@code @GuardedBy("<the lock>")}, {@link #lock} is {@code @EnsuresLockHeld("this")},
 * {@link #unlock} is {@code @MayReleaseLocks}. "Held" there means held by the running task, which
 * is the task a caller passes. The rank is not an annotation here (it differs per instance); the
 * lock-order checker reads {@code @Acquires} on the entry points of the code that takes it.
 *
 * <p>Equality covers the name, the rank and the holders (task, mode), not where they acquired it.
 * Not thread-safe: the scheduler runs one task at a time.
 */
public final class ModelLock {

    private final String name;
    private final LockRank rank;
    private final LockKind kind;
    /**
     * The holders: one EXCLUSIVE entry or any number of SHARED ones (a task that took a shared
     * lock twice has two), sorted by task id and, for one task, by acquisition order.
     */
    private final List<HeldLock> holders = new ArrayList<>();

    /**
     * Creates a free lock.
     *
     * @param name how reports name it: {@code i_rwsem}, {@code invalidate_lock}, {@code folio 3},
     *     {@code ILOCK}; unique within a model instance
     * @param rank its place in the lock order; also fixes its kind ({@link LockKind#of})
     * @throws IllegalArgumentException if {@code name} is blank or {@code rank} is
     *     {@link LockRank#PUNCH}, which is a level, not a lock
     */
    public ModelLock(String name, LockRank rank) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("name = \"" + name + "\": a lock name must not be blank");
        }
        this.name = name;
        this.rank = rank;
        this.kind = LockKind.of(rank);
    }

    /** @return the lock's name, e.g. {@code folio 3} */
    public String name() {
        return name;
    }

    /** @return the lock's rank in the documented order */
    public LockRank rank() {
        return rank;
    }

    /** @return whether it is a rw-semaphore or a mutex-like lock */
    public LockKind kind() {
        return kind;
    }

    /** @return the holders, sorted by task id; empty when free */
    public List<HeldLock> holders() {
        return List.copyOf(holders);
    }

    /**
     * Acquires the lock for {@code task}, waiting through the task's scheduling hook while it is
     * held in a conflicting mode. Order: mode check, rank check by the validator (lockdep checks
     * before it waits, so an inversion is reported even when the lock happens to be free), a
     * scheduling point, the wait if contended, then the grant.
     *
     * @param task the acquiring task
     * @param mode {@link LockMode#SHARED} or {@link LockMode#EXCLUSIVE}; a mutex only EXCLUSIVE
     * @throws IllegalArgumentException if a mutex is asked for SHARED
     * @throws IllegalStateException if the task has exited, or the hook returned from a wait with
     *     the lock still unavailable
     * @throws LockViolation a {@link LockViolation.Kind#DEADLOCK} when the lock can never be granted
     *     (always thrown), or an order violation under {@link ViolationPolicy#THROW}
     */
    // This class is the lock primitive: "held" is the holder list, which the Lock Checker cannot
    // see, so it cannot prove its own postcondition here, just as it trusts the JDK's annotation of
    // ReentrantLock.lock(). The grant at the end is the only normal return; tests check it.
    @SuppressWarnings("lock:contracts.postcondition")
    @EnsuresLockHeld("this")
    public void lock(TaskContext task, LockMode mode) {
        checkMode(mode);
        task.checkRunning();
        StackSnapshot site = StackSnapshot.capture(task);
        task.validator().checkAcquire(task, name, rank, site);
        String what = name + " " + mode;
        task.scheduler().schedulingPoint("lock " + what);
        if (!isAvailable(mode)) {
            if (!task.scheduler().blockUntil(what, () -> isAvailable(mode))) {
                throw task.validator().recordFatal(
                        new LockViolation(LockViolation.Kind.DEADLOCK, name, rank, holderToReport(task), site));
            }
            if (!isAvailable(mode)) {
                throw new IllegalStateException("scheduling hook " + task.scheduler() + " of " + task.label()
                        + " returned from blockUntil(" + what + ") while the lock is unavailable: " + this);
            }
        }
        grant(task, mode, site);
    }

    /**
     * Acquires the lock for {@code task} if it is available now ({@code folio_trylock()},
     * {@code down_read_trylock()}); never waits. Not order-checked: a trylock cannot close a wait
     * cycle, which is why the kernel uses it out of order. A scheduling point precedes the attempt.
     *
     * @param task the acquiring task
     * @param mode {@link LockMode#SHARED} or {@link LockMode#EXCLUSIVE}; a mutex only EXCLUSIVE
     * @return whether the lock was acquired
     * @throws IllegalArgumentException if a mutex is asked for SHARED
     * @throws IllegalStateException if the task has exited
     */
    // Trusted like lock(): true is returned only right after the grant.
    @SuppressWarnings("lock:contracts.conditional.postcondition")
    @EnsuresLockHeldIf(expression = "this", result = true)
    public boolean tryLock(TaskContext task, LockMode mode) {
        checkMode(mode);
        task.checkRunning();
        StackSnapshot site = StackSnapshot.capture(task);
        task.scheduler().schedulingPoint("trylock " + name + " " + mode);
        if (!isAvailable(mode)) {
            return false;
        }
        grant(task, mode, site);
        return true;
    }

    /** Makes {@code task} a holder: in the holder list (kept sorted) and on the task's stack. */
    private void grant(TaskContext task, LockMode mode, StackSnapshot site) {
        HeldLock entry = new HeldLock(name, rank, mode, site);
        int at = holders.size();
        while (at > 0 && holders.get(at - 1).taskId() > entry.taskId()) {
            at--;
        }
        holders.add(at, entry);
        task.hold(entry);
    }

    /**
     * Releases {@code task}'s latest hold of the lock, then calls a scheduling point. An unlock by a
     * task that does not hold the lock is reported ({@link LockViolation.Kind#UNLOCK_NOT_HELD}, with
     * a holder if there is one) and otherwise ignored.
     *
     * @param task the releasing task
     * @throws IllegalStateException if the task has exited
     * @throws LockViolation if the task does not hold the lock and the policy is
     *     {@link ViolationPolicy#THROW}
     */
    @MayReleaseLocks
    public void unlock(TaskContext task) {
        task.checkRunning();
        int at = lastIndexOfTask(task.id());
        if (at < 0) {
            task.validator().report(new LockViolation(
                    LockViolation.Kind.UNLOCK_NOT_HELD, name, rank, holderToReport(task), StackSnapshot.capture(task)));
            return;
        }
        task.release(holders.remove(at));
        task.scheduler().schedulingPoint("unlock " + name);
    }

    /**
     * @param task a task
     * @return whether {@code task} holds the lock in any mode
     */
    public boolean isHeldBy(TaskContext task) {
        return lastIndexOfTask(task.id()) >= 0;
    }

    /**
     * @param task a task
     * @return whether {@code task} holds the lock exclusive (what {@code lockdep_assert_held_write()} checks)
     */
    public boolean isHeldExclusiveBy(TaskContext task) {
        return heldMode() == LockMode.EXCLUSIVE && isHeldBy(task);
    }

    /**
     * Whether an acquire in {@code mode} would be granted now; the scheduler's condition for
     * waking a task blocked on this lock.
     *
     * @param mode the requested mode
     * @return for EXCLUSIVE: no holder; for SHARED: no EXCLUSIVE holder
     * @throws IllegalArgumentException if a mutex is asked about SHARED
     */
    public boolean isAvailable(LockMode mode) {
        checkMode(mode);
        LockMode heldMode = heldMode();
        return heldMode == null || (mode == LockMode.SHARED && heldMode == LockMode.SHARED);
    }

    /** @return the mode the lock is held in, or {@code null} when free */
    @Pure
    public @Nullable LockMode heldMode(@GuardSatisfied ModelLock this) {
        return holders.isEmpty() ? null : holders.get(0).mode();
    }

    private void checkMode(LockMode mode) {
        if (!kind.supports(mode)) {
            throw new IllegalArgumentException(
                    "mode = " + mode + ": " + name + " is a " + kind + " lock (" + rank + "), held EXCLUSIVE only");
        }
    }

    private int lastIndexOfTask(int taskId) {
        for (int i = holders.size() - 1; i >= 0; i--) {
            if (holders.get(i).taskId() == taskId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The hold a report about {@code task} and this lock names as the other side: the task's own
     * latest hold if it has one ("waits for a lock it holds itself", "holds it only shared"), else
     * the holder with the lowest task id.
     *
     * @return that hold, or {@code null} when the lock is free
     */
    @Nullable HeldLock holderToReport(TaskContext task) {
        // lastIndexOfTask is -1 when the task holds nothing, and index 0 is the lowest task id.
        return holders.isEmpty() ? null : holders.get(Math.max(lastIndexOfTask(task.id()), 0));
    }

    /** @return an equal, independent lock with the same holders */
    public ModelLock copy() {
        ModelLock copy = new ModelLock(name, rank);
        copy.holders.addAll(holders);
        return copy;
    }

    /** Same name, rank and holders (task and mode of each). */
    @Override
    public boolean equals(@GuardSatisfied ModelLock this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof ModelLock)) {
            return false;
        }
        ModelLock that = (ModelLock) other;
        return name.equals(that.name) && rank == that.rank && holders.equals(that.holders);
    }

    /** Deterministic across JVM runs. */
    @Override
    public int hashCode(@GuardSatisfied ModelLock this) {
        return (name.hashCode() * 31 + rank.ordinal()) * 31 + holders.hashCode();
    }

    /** @return e.g. {@code folio 3 [FOLIO_LOCK] free} or {@code i_rwsem [I_RWSEM] SHARED by [task 1 (writer), task 2 (reader)]} */
    @Override
    public String toString(@GuardSatisfied ModelLock this) {
        LockMode heldMode = heldMode();
        if (heldMode == null) {
            return name + " [" + rank + "] free";
        }
        // Concatenation only: toString must be @LockingFree for the Lock Checker.
        String labels = "";
        for (HeldLock holder : holders) {
            labels += (labels.isEmpty() ? "" : ", ") + holder.acquiredAt().taskLabel();
        }
        return name + " [" + rank + "] " + heldMode + " by [" + labels + "]";
    }
}
