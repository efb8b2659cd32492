package dev.punchspec.api.lock;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The lockdep of one model instance: checks at run time every rule of the delalloc punch path's
 * locking and records each broken rule as a {@link LockViolation} (property {@code LOCK_ORDER}),
 * throwing it as well under {@link ViolationPolicy#THROW}. It also owns the instance's tasks, so
 * copying it copies every task's held-lock stack.
 *
 * <p>Mirrors the checks of lockdep ({@code kernel/locking/lockdep.c}) that matter here, with the
 * rank order of {@link LockRank} in place of lockdep's learned dependencies. The order, from the
 * comment above {@code iomap_write_delalloc_release()} (seed f43dc4dc3eff and every later
 * generation): {@code inode->i_rwsem} (shared or exclusive) &rarr; {@code mapping->invalidate_lock}
 * (exclusive) &rarr; {@code folio_lock()} &rarr; {@code ->punch} &rarr; the filesystem's internal
 * allocation lock. Why this order: the buffered write holds i_rwsem across the whole write; the
 * punch walk takes invalidate_lock exclusive so that page faults (which take it shared before
 * locking a folio) cannot instantiate or dirty folios behind the walk; the walk locks each folio to
 * read its dirty state; the punch callback is called with that folio locked and takes the
 * filesystem's allocation lock (XFS {@code ILOCK}, in {@code xfs_bmap_punch_delalloc_range()}) to
 * edit the extent map. Taking any of them in another order can deadlock against a fault or
 * writeback that follows the documented one.
 */
public final class LockValidator {

    /*
     * Implementation overview
     *
     * Goals. Check, while the model runs, the locking rules the kernel documents for this path, and
     * report a broken rule the way lockdep does: which rule, both locks, both stacks (where the
     * conflicting lock was taken, where the task is now). The same code runs in sequential unit
     * tests and under the explorer's deterministic scheduler. Reports depend only on the schedule:
     * no clocks, no identity hash codes, no static state.
     *
     * What is checked, and where:
     *  - order, on every acquire (ModelLock.lock) and level entry (TaskContext.enterLevel): the
     *    requested rank must be strictly above every rank the task holds. One report per acquire,
     *    as lockdep stops at its first: of the held entries not strictly below, the one of highest
     *    rank (the latest of equals), because it is the rule most broken: a punch callback locking
     *    a folio while its caller holds another folio is an ORDER_INVERSION against ->punch, not a
     *    same-rank report against the caller's folio. ORDER_INVERSION when above, SAME_RANK when
     *    equal (lockdep's "possible recursive locking": two folio locks at once, the same rwsem
     *    twice, a punch callback calling a punch callback). A trylock is not order-checked: it never waits, so it
     *    cannot close a wait cycle (lockdep does not validate a trylock's dependencies either).
     *  - unlock of a lock the task does not hold (ModelLock.unlock): UNLOCK_NOT_HELD.
     *  - locks or levels still held when a task exits (TaskContext.exit): HELD_AT_EXIT, one each.
     *  - lockdep_assert_held[_write] (assertHeld, assertHeldWrite): NOT_HELD, NOT_HELD_WRITE.
     *  - a contended acquire the scheduling hook says can never be granted (ModelLock.lock):
     *    DEADLOCK, thrown under either policy since the acquire cannot complete.
     *
     * Invariants.
     *  - A lock entry (HeldLock) is in its task's held stack iff it is in its lock's holder list;
     *    ModelLock.grant and ModelLock.unlock change both together. Level entries live only in the
     *    task's stack.
     *  - A lock's holders are all SHARED or a single EXCLUSIVE, sorted by task id (so the same
     *    holders compare equal whatever order they came in).
     *  - The violation list only grows, in detection order.
     *  - One task runs at a time. State is plain fields: the scheduler's hand-off between the
     *    tasks' Java threads provides the happens-before edges (SchedulingHook says so).
     *
     * Values. A validator equals another when their tasks are equal (id, name, held stack,
     * exited). The policy is configuration, and recorded violations carry Java stacks that differ
     * between runs reaching the same state, so neither is part of equality; copy() keeps both.
     * Locks belong to the parts of the model that own them (i_rwsem to the inode, invalidate_lock
     * and folio locks to the cache, ILOCK to the extent map), which copy them with ModelLock.copy().
     * Held entries are immutable and compared by value, so a validator copy and lock copies taken
     * at the same point form a consistent state.
     *
     * Rejected alternatives.
     *  - java.util.concurrent locks. They block real Java threads behind the scheduler's back: the
     *    scheduler must itself choose who runs when an acquire is contended, and see a deadlock as
     *    "no runnable task" instead of hanging. They are also reentrant (kernel locks are not), do
     *    not say who holds a read lock, and cannot be copied, compared or hashed.
     *  - A learned dependency graph, lockdep's own method (an edge A -> B for every acquire of B
     *    while holding A; a cycle is a report). Lockdep learns because the kernel has thousands of
     *    lock classes and no written global order. This path has five ranks in a documented total
     *    order, so ranks report an inversion at the first wrong acquire, from one task alone,
     *    without the reverse order ever having been seen, and the report names the documented
     *    rule. Under a total order every edge of such a graph points upward unless the rank check
     *    already reported it (an inversion or a same-rank edge), so the graph could find no cycle
     *    the ranks miss; it is not built.
     *
     * Not modelled. The rwsem's writer preference and FIFO wait queue (a SHARED acquire is granted
     * whenever no task holds the lock EXCLUSIVE, even with a writer waiting, so deadlocks that need
     * a queued writer are not found); optimistic spinning; killable and interruptible waits;
     * lockdep's interrupt-safety rules (the model has no interrupts). The kernel's folio lock is a
     * bit lock that lockdep does not track; here it is ranked and checked like the others.
     *
     * Reading guide: ModelLock (lock state, acquire and release, scheduling points), TaskContext
     * (held stack, levels of the order, exit), this class (the rules and their reports),
     * LockViolation and StackSnapshot (the report values).
     */

    private final ViolationPolicy policy;
    /** The model instance's tasks by id; sorted so equality, hashing and printing are deterministic. */
    private final TreeMap<Integer, TaskContext> tasks = new TreeMap<>();
    /** Every violation detected, in detection order. */
    private final List<LockViolation> violations = new ArrayList<>();

    /**
     * Creates the validator of a new model instance, with no tasks.
     *
     * @param policy whether violations are thrown besides being recorded
     */
    public LockValidator(ViolationPolicy policy) {
        this.policy = policy;
    }

    /** @return whether violations are thrown besides being recorded */
    public ViolationPolicy policy() {
        return policy;
    }

    /**
     * Creates a task of this model instance.
     *
     * @param id the task's id, unique in this instance and {@code >= 0}
     * @param name the task's name, not blank
     * @param scheduler the hook of the scheduler that runs it
     * @return the new task, holding nothing
     * @throws IllegalArgumentException if the id is negative or taken, or the name blank
     */
    public TaskContext newTask(int id, String name, SchedulingHook scheduler) {
        TaskContext task = new TaskContext(this, id, name, scheduler);
        TaskContext existing = tasks.putIfAbsent(id, task);
        if (existing != null) {
            throw new IllegalArgumentException("id = " + id + ": " + existing.label() + " already exists");
        }
        return task;
    }

    /**
     * @param id a task id
     * @return the task with that id, or {@code null} if there is none
     */
    public @Nullable TaskContext task(int id) {
        return tasks.get(id);
    }

    /** @return the tasks, by ascending id */
    public List<TaskContext> tasks() {
        return List.copyOf(tasks.values());
    }

    /** @return every violation detected so far, in detection order */
    public List<LockViolation> violations() {
        return List.copyOf(violations);
    }

    /**
     * {@code lockdep_assert_held(lock)}: the task holds the lock, shared or exclusive.
     *
     * @param task the asserting task, one of this validator's
     * @param lock the lock
     * @throws IllegalArgumentException if the task belongs to another validator
     * @throws LockViolation ({@link LockViolation.Kind#NOT_HELD}) if it does not hold the lock and
     *     the policy is {@link ViolationPolicy#THROW}
     */
    public void assertHeld(TaskContext task, ModelLock lock) {
        checkOwnTask(task);
        if (!lock.isHeldBy(task)) {
            report(new LockViolation(
                    LockViolation.Kind.NOT_HELD, lock.name(), lock.rank(), lock.holderToReport(task), StackSnapshot.capture(task)));
        }
    }

    /**
     * {@code lockdep_assert_held_write(lock)}: the task holds the lock exclusive. Since 6.12
     * (b78495166264) {@code iomap_write_delalloc_release()} asserts this of
     * {@code mapping->invalidate_lock} instead of taking it.
     *
     * @param task the asserting task, one of this validator's
     * @param lock the lock
     * @throws IllegalArgumentException if the task belongs to another validator
     * @throws LockViolation ({@link LockViolation.Kind#NOT_HELD_WRITE}) if it does not hold the lock
     *     exclusive and the policy is {@link ViolationPolicy#THROW}; the conflicting entry is the
     *     task's own shared hold if any, else another holder
     */
    public void assertHeldWrite(TaskContext task, ModelLock lock) {
        checkOwnTask(task);
        if (!lock.isHeldExclusiveBy(task)) {
            report(new LockViolation(LockViolation.Kind.NOT_HELD_WRITE, lock.name(), lock.rank(),
                    lock.holderToReport(task), StackSnapshot.capture(task)));
        }
    }

    private void checkOwnTask(TaskContext task) {
        if (task.validator() != this) {
            throw new IllegalArgumentException("task = " + task.label() + " belongs to another model instance's validator");
        }
    }

    /**
     * Checks that {@code task} may acquire a lock (or enter a level) of {@code rank}: every entry it
     * holds must have a strictly lower rank. Of the entries that do not, reports the one of highest
     * rank, the latest of those if several.
     */
    void checkAcquire(TaskContext task, String lockName, LockRank rank, StackSnapshot site) {
        HeldLock worst = null;
        for (HeldLock entry : task.heldLocks()) {
            if (!rank.mayAcquireWhileHolding(entry.rank()) && (worst == null || entry.rank().compareTo(worst.rank()) >= 0)) {
                worst = entry;
            }
        }
        if (worst != null) {
            LockViolation.Kind kind =
                    worst.rank() == rank ? LockViolation.Kind.SAME_RANK : LockViolation.Kind.ORDER_INVERSION;
            report(new LockViolation(kind, lockName, rank, worst, site));
        }
    }

    /** Reports every entry {@code task} still holds at exit; all are recorded before the first is thrown. */
    void checkExit(TaskContext task, StackSnapshot site) {
        List<LockViolation> found = new ArrayList<>();
        for (HeldLock entry : task.heldLocks()) {
            found.add(new LockViolation(LockViolation.Kind.HELD_AT_EXIT, entry.lockName(), entry.rank(), entry, site));
        }
        violations.addAll(found);
        if (policy == ViolationPolicy.THROW && !found.isEmpty()) {
            throw found.get(0);
        }
    }

    /** Records {@code violation} and throws it under {@link ViolationPolicy#THROW}. */
    void report(LockViolation violation) {
        violations.add(violation);
        if (policy == ViolationPolicy.THROW) {
            throw violation;
        }
    }

    /**
     * Records a violation the caller throws whatever the policy (a deadlock).
     *
     * @return {@code violation}, for the caller to throw
     */
    LockViolation recordFatal(LockViolation violation) {
        violations.add(violation);
        return violation;
    }

    /**
     * Copies the lock state of the model instance: the tasks, bound to the copy and keeping their
     * hooks, and the recorded violations.
     *
     * @return an equal, independent validator
     */
    public LockValidator copy() {
        LockValidator copy = new LockValidator(policy);
        for (TaskContext task : tasks.values()) {
            copy.tasks.put(task.id(), task.copyFor(copy));
        }
        copy.violations.addAll(violations);
        return copy;
    }

    /** Same tasks (id, name, held stack, exit state); policy and recorded violations are not state. */
    @Override
    public boolean equals(@GuardSatisfied LockValidator this, @GuardSatisfied @Nullable Object other) {
        return other instanceof LockValidator && tasks.equals(((LockValidator) other).tasks);
    }

    /** Deterministic across JVM runs. */
    @Override
    public int hashCode(@GuardSatisfied LockValidator this) {
        return tasks.hashCode();
    }

    /** @return e.g. {@code lockdep (THROW, 0 violations): [task 1 (writer) holds []]} */
    @Override
    public String toString(@GuardSatisfied LockValidator this) {
        return "lockdep (" + policy + ", " + violations.size() + " violations): " + tasks.values();
    }
}
