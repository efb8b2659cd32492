package dev.punchspec.verify.explore;

/**
 * A step as the partial-order reduction sees it: the task, the scheduling point it started at, and
 * the point where the task stopped next. A step is the point AND the code the task runs until its
 * next point, so both ends matter: a step that starts at {@code lock L EXCLUSIVE} takes {@code L}
 * and runs on; a step that ends at {@code unlock L} has released {@code L} before that point
 * ({@code ModelLock.unlock} releases, then calls the point).
 *
 * @param taskId the task that ran the step
 * @param what the point the step started at (a {@link Step#what()}): {@code start}, a lock or
 *     lookup label, {@code woken: <lock> <mode>}, or a deadlock wake-up
 * @param next the point where the task stopped next, or {@link #EXIT} when it finished in this step
 */
public record Transition(int taskId, String what, String next) {

    /** The {@link #next} of a step in which the task finished (returned or threw). */
    public static final String EXIT = "exit";
}
