package dev.punchspec.api.lock;

import java.util.function.BooleanSupplier;

/**
 * Where a model task's scheduler plugs in: the deterministic scheduler of the explorer (module
 * verify) implements it per task; {@link SequentialHook} implements it for plain sequential runs.
 *
 * <p>A model thread runs alone between two scheduling points; the scheduler may switch to another
 * task only inside these calls. {@link ModelLock} calls {@link #schedulingPoint} before every
 * acquire and after every release, and {@link #blockUntil} when an acquire is contended; other code
 * calls {@link #schedulingPoint} before every lock-free lookup (RCU: a seek, a folio lookup), since
 * the kernel can interleave there too.
 *
 * <p>Obligations of an implementation that interleaves tasks: each task runs on a Java thread of its
 * own, and other tasks run on theirs while this task waits inside a hook, so a hook never releases a
 * model lock on the calling thread (the Lock Checker treats both methods as releasing none); and the
 * hand-off from one task's thread to the next must be a happens-before edge (a
 * {@code java.util.concurrent} hand-off, for example), since the lock model's state is plain fields
 * that only one task touches at a time.
 */
public interface SchedulingHook {

    /**
     * A point where the kernel could switch to another thread. The scheduler may run other tasks
     * before returning.
     *
     * @param what what happens at this point, for schedules and timelines (e.g. "lock folio 3
     *     EXCLUSIVE", "unlock i_rwsem", "seek data 0")
     */
    void schedulingPoint(String what);

    /**
     * Blocks the calling task until {@code ready} holds, running other tasks meanwhile.
     *
     * <p>Must return {@code true} only when {@code ready} holds and the calling task runs again,
     * and must return {@code false} when {@code ready} can never become true because no other task
     * can run (a sequential run, or every other task blocked or finished): the caller then reports
     * a deadlock.
     *
     * @param what what the task waits for, for schedules and reports
     * @param ready the condition to wait for; evaluated only while no task runs
     * @return whether {@code ready} now holds
     */
    boolean blockUntil(String what, BooleanSupplier ready);
}
