package dev.punchspec.api.lock;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * @param taskId the task's id
 * @param taskName the task's name
 * @param modelPath the task's model-level path at the event, outermost first
 * @param javaFrames the trimmed Java frames, innermost first
 */
public record StackSnapshot(int taskId, String taskName, List<String> modelPath, List<StackTraceElement> javaFrames) {

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

    /**
     * Creates a snapshot; the lists are copied.
     *
     * @throws IllegalArgumentException if {@code taskId} is negative or {@code taskName} empty
     */
    public StackSnapshot {
        TaskContext.checkIdentity(taskId, taskName);
        modelPath = List.copyOf(modelPath);
        javaFrames = List.copyOf(javaFrames);
    }

    /**
     * Records where {@code task} is now: its model path and the trimmed Java stack of the caller.
     *
     * @param task the task whose event this is
     * @return the snapshot
     */
    static StackSnapshot capture(TaskContext task) {
        // StackWalker walks lazily and stops after MAX_FRAMES kept frames, far cheaper than
        // Throwable.getStackTrace(), which materialises every frame of the thread.
        List<StackTraceElement> frames = StackWalker.getInstance().walk(stack -> callerFrames(stack));
        return new StackSnapshot(task.id(), task.name(), task.modelPath(), frames);
    }

    /**
     * The first {@link #MAX_FRAMES} caller frames of a walk, innermost first. A plain loop rather
     * than a stream pipeline: the Checker Framework's inference over a lambda chain made this file
     * the slowest of the module to type-check.
     */
    private static List<StackTraceElement> callerFrames(Stream<? extends StackWalker.StackFrame> stack) {
        List<StackTraceElement> kept = new ArrayList<>();
        Iterator<? extends StackWalker.StackFrame> frames = stack.iterator();
        while (kept.size() < MAX_FRAMES && frames.hasNext()) {
            StackWalker.StackFrame frame = frames.next();
            if (isCallerFrame(frame.getClassName())) {
                kept.add(frame.toStackTraceElement());
            }
        }
        return kept;
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
     * {@code at} line per Java frame.
     *
     * @return the multi-line rendering, without a trailing newline
     */
    @Override
    public String toString(@GuardSatisfied StackSnapshot this) {
        // Concatenation only: toString must be @LockingFree for the Lock Checker.
        String text = taskLabel() + (modelPath.isEmpty() ? "" : " in " + String.join(" > ", modelPath));
        for (StackTraceElement frame : javaFrames) {
            text += "\n    at " + frame;
        }
        return text;
    }
}
