/**
 * The runtime lock model of a punchspec model instance and its lockdep-style validator.
 *
 * <p>A model instance has a few kernel locks ({@link dev.punchspec.api.lock.ModelLock}: i_rwsem,
 * invalidate_lock, one lock per folio, ILOCK) and a few model threads
 * ({@link dev.punchspec.api.lock.TaskContext}), created by the instance's
 * {@link dev.punchspec.api.lock.LockValidator}, which checks the documented lock order and the other
 * lockdep rules at run time and records each broken rule as a
 * {@link dev.punchspec.api.lock.LockViolation}. Threads are simulated: every acquire and release is
 * a scheduling point of the task's {@link dev.punchspec.api.lock.SchedulingHook}, through which the
 * explorer's deterministic scheduler interleaves tasks; {@link dev.punchspec.api.lock.SequentialHook}
 * runs them without interleaving. All of it is plain, copyable, comparable state: no
 * {@code java.util.concurrent}, no static mutable state. The implementation overview is at the top
 * of {@link dev.punchspec.api.lock.LockValidator}.
 */
package dev.punchspec.api.lock;
