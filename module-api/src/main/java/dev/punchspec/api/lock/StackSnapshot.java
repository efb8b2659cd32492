package dev.punchspec.api.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.checkerframework.checker.lock.qual.GuardSatisfied;
import org.checkerframework.dataflow.qual.SideEffectFree;

/**
 * Where a lock event happened: the task, its model-level path (e.g. {@code
 * iomap_file_buffered_write > iomap_write_delalloc_release}) and the Java frames of punchspec code
 * that led there, innermost first. A {@link LockViolation} carries two of them, as lockdep prints
 * two stacks: where the conflicting lock was taken and where the task is now.
 *
 * <p>Frames are trimmed to classes under {@code dev.punchspec.} and exclude the lock model's own
 * classes ({@link ModelLock}, {@link TaskContext}, {@link LockValidator}, this class), so the first
 * frame is the code that called the lock model. At most {@link #MAX_FRAMES} frames are kept.
 *
 * <p>Implementation note. Every lock acquire takes a snapshot, because a later violation must show
 * where the held lock was taken, yet almost no snapshot is ever shown. So {@link #capture} keeps
 * the stack unresolved (a {@link Throwable}'s backtrace, which the JVM records cheaply) and
 * resolves and trims it only when {@link #javaFrames()} is asked for. Rejected: walking the stack
 * with {@link StackWalker} at capture time, which turned every frame into a
 * {@link StackTraceElement} on every acquire and made the lock model the cost of lock-heavy tests
 * (see the benchmarks module's LockPairBenchmark).
 */
public final class StackSnapshot {

    /** The most frames a snapshot keeps; deeper punchspec frames add no information to a report. */
    public static final int MAX_FRAMES = 32;

    private static final String PUNCHSPEC_PREFIX = "dev.punchspec.";

    /** Matches the nested-class part of a binary class name ({@code Outer$Inner$1}). */
    private static final Pattern NESTED_SUFFIX = Pattern.compile("\\$.*");

    /** The lock model's own classes, whose frames say nothing about the caller. */
    private static final Set<String> LOCK_MODEL_CLASSES = Set.of(
            ModelLock.class.getName(),
            TaskContext.class.getName(),
            LockValidator.class.getName(),
            StackSnapshot.class.getName());

    private final int taskId;
    private final String taskName;
    private final List<String> modelPath;
    /** Yields the trimmed frames, innermost first; resolves a captured stack on each call. */
    private final Supplier<List<StackTraceElement>> javaFrames;

    /**
     * Creates a snapshot with frames already known (reports, tests); the lists are copied.
     *
     * @param taskId the task's id
     * @param taskName the task's name
     * @param modelPath the task's model-level path at the event, outermost first
     * @param javaFrames the trimmed Java frames, innermost first
     * @throws IllegalArgumentException if {@code taskId} is negative or {@code taskName} empty
     */
    public StackSnapshot(int taskId, String taskName, List<String> modelPath, List<StackTraceElement> javaFrames) {
        this(taskId, taskName, modelPath, constant(List.copyOf(javaFrames)));
    }

    private StackSnapshot(int taskId, String taskName, List<String> modelPath, Supplier<List<StackTraceElement>> javaFrames) {
        TaskContext.checkIdentity(taskId, taskName);
        this.taskId = taskId;
        this.taskName = taskName;
        this.modelPath = List.copyOf(modelPath);
        this.javaFrames = javaFrames;
    }

    private static Supplier<List<StackTraceElement>> constant(List<StackTraceElement> frames) {
        return () -> frames;
    }

    /**
     * Records where {@code task} is now: its model path and, unresolved, the Java stack of the
     * caller.
     *
     * @param task the task whose event this is
     * @return the snapshot
     */
    static StackSnapshot capture(TaskContext task) {
        Throwable here = new Throwable();
        return new StackSnapshot(task.id(), task.name(), task.modelPath(), () -> callerFrames(here.getStackTrace()));
    }

    /** @return the task's id */
    public int taskId() {
        return taskId;
    }

    /** @return the task's name */
    public String taskName() {
        return taskName;
    }

    /** @return the task's model-level path at the event, outermost first */
    public List<String> modelPath() {
        return modelPath;
    }

    /** @return the trimmed Java frames, innermost first (resolved now if captured) */
    public List<StackTraceElement> javaFrames() {
        return javaFrames.get();
    }

    /**
     * The first {@link #MAX_FRAMES} caller frames of a stack, innermost first.
     *
     * @param stack a resolved stack, innermost first
     * @return the kept frames, unmodifiable
     */
    private static List<StackTraceElement> callerFrames(StackTraceElement[] stack) {
        List<StackTraceElement> kept = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (kept.size() == MAX_FRAMES) {
                break;
            }
            if (isCallerFrame(frame.getClassName())) {
                kept.add(frame);
            }
        }
        return List.copyOf(kept);
    }

    /**
     * Whether a frame of this class belongs in a snapshot: punchspec code outside the lock model.
     *
     * @param className a binary class name
     * @return whether the frame is kept
     */
    static boolean isCallerFrame(String className) {
        String topLevel = NESTED_SUFFIX.matcher(className).replaceFirst("");
        return className.startsWith(PUNCHSPEC_PREFIX) && !LOCK_MODEL_CLASSES.contains(topLevel);
    }

    /**
     * The task as reports name it.
     *
     * @return e.g. {@code task 1 (writer)}
     */
    @SideEffectFree
    public String taskLabel(@GuardSatisfied StackSnapshot this) {
        return TaskContext.label(taskId, taskName);
    }

    /**
     * The snapshot as a report shows it: the task and its model path on the first line, then one
     * {@code at} line per Java frame. Resolves a captured stack, so it is meant for reports of
     * violations, not for every event.
     *
     * @return the multi-line rendering, without a trailing newline
     */
    public String render() {
        StringBuilder text = new StringBuilder(toString());
        for (StackTraceElement frame : javaFrames()) {
            text.append("\n    at ").append(frame);
        }
        return text.toString();
    }

    /**
     * The task and its model path, without the Java frames (see {@link #render()}): toString must
     * be {@code @LockingFree} for the Lock Checker, and resolving a stack is not.
     *
     * @return e.g. {@code task 1 (writer) in write > release}
     */
    @Override
    public String toString(@GuardSatisfied StackSnapshot this) {
        return taskLabel() + (modelPath.isEmpty() ? "" : " in " + String.join(" > ", modelPath));
    }
}
