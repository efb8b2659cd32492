package dev.punchspec.api.lock;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.dataflow.qual.SideEffectFree;

/**
 * A model thread: its identity (a small id and a name), its held-lock stack (lockdep's
 * {@code current->held_locks}), its model-level path for reports, and the hook of the scheduler
 * that runs it. Tasks are created by {@link LockValidator#newTask}, which makes the task part of
 * that model instance's lock state.
 *
 * <p>The held-lock stack lists locks and levels of the order in acquisition order. Releases need
 * not be nested (lockdep accepts non-nested unlocks too), so a release removes the task's latest
 * entry for that lock wherever it is.
 *
 * <p>Equality covers the id, the name, the held-lock stack and whether the task has exited: the
 * lock state. The model path and the scheduling hook are diagnostics and plumbing, not state.
 * A task is not thread-safe: the scheduler runs one task at a time.
 */
public final class TaskContext {

    private final LockValidator validator;
    private final int id;
    private final String name;
    private final SchedulingHook scheduler;
    /** Held locks and levels, in acquisition order. */
    private final List<HeldLock> held = new ArrayList<>();
    /** The model-level path, outermost first. */
    private final List<String> modelPath = new ArrayList<>();
    private boolean exited;

    TaskContext(LockValidator validator, int id, String name, SchedulingHook scheduler) {
        checkIdentity(id, name);
        this.validator = validator;
        this.id = id;
        this.name = name;
        this.scheduler = scheduler;
    }

    /**
     * Rejects an identity that cannot name a task.
     *
     * @throws IllegalArgumentException if {@code id} is negative or {@code name} is blank
     */
    static void checkIdentity(int id, String name) {
        if (id < 0) {
            throw new IllegalArgumentException("id = " + id + ": a task id must be >= 0");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("name = \"" + name + "\": a task name must not be blank");
        }
    }

    /** @return how reports name a task, e.g. {@code task 1 (writer)} */
    @SideEffectFree
    static String label(int id, String name) {
        return "task " + id + " (" + name + ")";
    }

    /** @return the task's id, unique within its model instance */
    public int id() {
        return id;
    }

    /** @return the task's name, e.g. {@code writer} */
    public String name() {
        return name;
    }

    /** @return the hook of the scheduler that runs this task */
    public SchedulingHook scheduler() {
        return scheduler;
    }

    /** @return the validator (lockdep) of the task's model instance */
    public LockValidator validator() {
        return validator;
    }

    /** @return a snapshot of the held locks and levels, in acquisition order */
    public List<HeldLock> heldLocks() {
        return List.copyOf(held);
    }

    /** @return a snapshot of the model-level path, outermost first */
    public List<String> modelPath() {
        return List.copyOf(modelPath);
    }

    /** @return whether {@link #exit()} has been called */
    public boolean hasExited() {
        return exited;
    }

    /**
     * Enters a model-level frame (a kernel function or a step of a scenario), which every later
     * {@link StackSnapshot} of this task shows.
     *
     * @param frame e.g. {@code iomap_write_delalloc_release}
     * @throws IllegalArgumentException if {@code frame} is blank
     */
    public void enter(String frame) {
        if (frame.isBlank()) {
            throw new IllegalArgumentException("frame = \"" + frame + "\": a model frame must not be blank");
        }
        modelPath.add(frame);
    }

    /**
     * Leaves the innermost model-level frame.
     *
     * @param frame the frame being left; must be the innermost one
     * @throws IllegalStateException if {@code frame} is not the innermost frame
     */
    public void leave(String frame) {
        int last = modelPath.size() - 1;
        if (last < 0 || !modelPath.get(last).equals(frame)) {
            throw new IllegalStateException(
                    label() + " leaves model frame \"" + frame + "\" but its model path is " + modelPath);
        }
        modelPath.remove(last);
    }

    /**
     * Enters a level of the lock order that is not a lock: the punch callback. Checked like an
     * acquire, so entering it while holding {@link LockRank#ILOCK} is an inversion, and any folio
     * lock taken before {@link #exitLevel} is reported: the punch callback can run while its caller
     * holds a folio lock, so it must never take one itself (iomap's comment above
     * {@code iomap_write_delalloc_release()}, seed onwards). Not a scheduling point: calling a
     * function is not a place where the kernel switches threads.
     *
     * @param level the level; only {@link LockRank#PUNCH} is one
     * @throws IllegalArgumentException if {@code level} is a lock rank
     * @throws IllegalStateException if the task has exited
     * @throws LockViolation if entering breaks the order and the policy is {@link ViolationPolicy#THROW}
     */
    public void enterLevel(LockRank level) {
        checkLevel(level);
        checkRunning();
        String levelName = levelName(level);
        StackSnapshot site = StackSnapshot.capture(this);
        validator.checkAcquire(this, levelName, level, site);
        held.add(new HeldLock(levelName, level, null, site));
    }

    /**
     * Leaves a level entered with {@link #enterLevel}; locks taken inside it stay held.
     *
     * @param level the level; only {@link LockRank#PUNCH} is one
     * @throws IllegalArgumentException if {@code level} is a lock rank
     * @throws IllegalStateException if the task is not inside that level
     */
    public void exitLevel(LockRank level) {
        checkLevel(level);
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i).isLevel()) {
                held.remove(i);
                return;
            }
        }
        throw new IllegalStateException(label() + " exits level " + level + " it is not inside; it holds " + held);
    }

    private static void checkLevel(LockRank level) {
        if (level != LockRank.PUNCH) {
            throw new IllegalArgumentException(
                    "level = " + level + " is a lock rank; only PUNCH is a level of the order (take locks with ModelLock)");
        }
    }

    private static String levelName(LockRank level) {
        return "->" + level.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A scheduling point outside the lock model, e.g. before a lock-free (RCU) lookup.
     *
     * @param what what the task is about to do, for schedules
     * @throws IllegalStateException if the task has exited
     */
    public void schedulingPoint(String what) {
        checkRunning();
        scheduler.schedulingPoint(what);
    }

    /**
     * The task finishes. Every lock or level it still holds is reported as a
     * {@link LockViolation.Kind#HELD_AT_EXIT} (all are recorded before the first is thrown) and
     * stays held, so a task waiting for it deadlocks as it would in the kernel.
     *
     * @throws IllegalStateException if the task has already exited
     * @throws LockViolation if a lock is still held and the policy is {@link ViolationPolicy#THROW}
     */
    public void exit() {
        checkRunning();
        exited = true;
        validator.checkExit(this, StackSnapshot.capture(this));
    }

    /** @throws IllegalStateException if the task has exited */
    void checkRunning() {
        if (exited) {
            throw new IllegalStateException(label() + " has exited; it can no longer run lock operations");
        }
    }

    /** Pushes a granted lock. */
    void hold(HeldLock entry) {
        held.add(entry);
    }

    /**
     * Removes the latest held entry equal to {@code entry}.
     *
     * @throws IllegalStateException if the task holds no such entry: the lock and the task come
     *     from different copies of the model state
     */
    void release(HeldLock entry) {
        int at = held.lastIndexOf(entry);
        if (at < 0) {
            throw new IllegalStateException(label() + " releases " + entry + " but its held-lock stack is " + held
                    + ": the lock and the task belong to different copies of the lock state");
        }
        held.remove(at);
    }

    /** @return a copy bound to {@code copyValidator}, with the same hook */
    TaskContext copyFor(LockValidator copyValidator) {
        TaskContext copy = new TaskContext(copyValidator, id, name, scheduler);
        copy.held.addAll(held);
        copy.modelPath.addAll(modelPath);
        copy.exited = exited;
        return copy;
    }

    /** @return e.g. {@code task 1 (writer)} */
    @SideEffectFree
    public String label(@GuardSatisfied TaskContext this) {
        return label(id, name);
    }

    /** Same id, name, held-lock stack and exit state. */
    @Override
    public boolean equals(@GuardSatisfied TaskContext this, @GuardSatisfied @Nullable Object other) {
        if (!(other instanceof TaskContext)) {
            return false;
        }
        TaskContext that = (TaskContext) other;
        return id == that.id && name.equals(that.name) && held.equals(that.held) && exited == that.exited;
    }

    /** Deterministic across JVM runs. */
    @Override
    public int hashCode(@GuardSatisfied TaskContext this) {
        return ((id * 31 + name.hashCode()) * 31 + held.hashCode()) * 31 + Boolean.hashCode(exited);
    }

    /** @return e.g. {@code task 1 (writer) holds [i_rwsem EXCLUSIVE, folio 3 EXCLUSIVE, ->punch]} */
    @Override
    public String toString(@GuardSatisfied TaskContext this) {
        // String concatenation, not StringBuilder or List.add: the Lock Checker requires
        // toString to be @LockingFree and the JDK's append and add are not annotated so.
        String entries = "";
        for (HeldLock entry : held) {
            LockMode mode = entry.mode();
            entries += (entries.isEmpty() ? "" : ", ") + entry.lockName() + (mode == null ? "" : " " + mode);
        }
        return label() + (exited ? " exited holding [" : " holds [") + entries + "]";
    }
}
