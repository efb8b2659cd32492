package dev.punchspec.verify.fs;

import dev.punchspec.api.lock.SchedulingHook;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The scheduling hook of the sequential filesystem tests. One task runs, so, as with
 * {@link dev.punchspec.api.lock.SequentialHook}, a scheduling point switches nothing and a wait
 * succeeds only if its condition already holds. In addition it
 * <ul>
 *   <li>records every point, so a test can state the exact steps an operation takes (the
 *       explorer interleaves at exactly these points, so a step more or less is a different
 *       model);</li>
 *   <li>runs a test's action once at a chosen occurrence of a point, before the step there:
 *       another task's operation put exactly where the explorer could schedule it, the racing
 *       order driven sequentially;</li>
 *   <li>bounds the run: like the explorer's {@code maxSteps}, a run taking more than
 *       {@link #MAX_STEPS} points is stopped with an error, so an operation that does not
 *       terminate fails at once instead of hanging the test.</li>
 * </ul>
 */
final class StepBoundHook implements SchedulingHook {

    /** More points than any sequential test's operations take (the largest take a few hundred). */
    static final int MAX_STEPS = 10_000;

    private final List<String> points = new ArrayList<>();
    private @Nullable String trigger;
    private int triggerCountdown;
    private @Nullable Runnable action;

    /**
     * Runs {@code run} once, just before the {@code occurrence}-th point (counting from 1, from
     * now on) named {@code what}. The action's own task should use a hook of its own.
     *
     * @param what the point's exact name, e.g. {@code "lock file invalidate_lock SHARED"}
     * @param occurrence which occurrence, at least 1
     * @param run the other task's steps
     */
    void at(String what, int occurrence, Runnable run) {
        if (occurrence < 1) {
            throw new IllegalArgumentException("occurrence = " + occurrence + ": must be at least 1");
        }
        this.trigger = what;
        this.triggerCountdown = occurrence;
        this.action = run;
    }

    /** @return the points so far, in order */
    List<String> points() {
        return List.copyOf(points);
    }

    /** Forgets the points recorded so far. */
    void clear() {
        points.clear();
    }

    @Override
    public void schedulingPoint(String what) {
        points.add(what);
        if (points.size() > MAX_STEPS) {
            throw new IllegalStateException("the sequential run exceeded its step bound of " + MAX_STEPS
                    + " scheduling points: an operation does not terminate; the last point was " + what);
        }
        Runnable run = action;
        if (run != null && what.equals(trigger) && --triggerCountdown == 0) {
            action = null;
            run.run();
        }
    }

    @Override
    public boolean blockUntil(String what, BooleanSupplier ready) {
        return ready.getAsBoolean();
    }
}
