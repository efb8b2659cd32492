package dev.punchspec.verify.explore;

import java.util.List;
import java.util.Map;

/**
 * What one execution did: its steps, its end state and the violations it showed.
 *
 * @param steps the scheduling decisions, in order
 * @param endState the scenario's canonical end state (of an abandoned execution: where it was cut
 *     short, which the explorer does not count)
 * @param violations each {@code PROPERTY: detail}, lock-model reports first, then task
 *     exceptions, then each property's first violation between steps, then the scenario's checks at
 *     rest
 * @param shownAfterStep for each property first violated between steps, the number of steps after
 *     which it showed: that prefix of {@code steps} is a schedule showing it
 * @param abandoned whether the step bound cut the execution short
 * @param deadlocked whether tasks ended up waiting for each other
 * @param sleepBlocked whether the partial-order reduction stopped the execution early because
 *     every enabled task was in its sleep set (an execution equivalent to an explored one); such
 *     an execution is not {@code abandoned}, has no end state and no checks at rest
 */
public record ExecutionRecord(List<Step> steps, String endState, List<String> violations,
        Map<String, Integer> shownAfterStep, boolean abandoned, boolean deadlocked, boolean sleepBlocked) {

    /** Copies the lists and the map. */
    public ExecutionRecord {
        steps = List.copyOf(steps);
        violations = List.copyOf(violations);
        shownAfterStep = Map.copyOf(shownAfterStep);
    }

    /**
     * An execution the reduction did not stop.
     *
     * @param steps the scheduling decisions, in order
     * @param endState the scenario's canonical end state
     * @param violations each {@code PROPERTY: detail}
     * @param abandoned whether the step bound cut the execution short
     * @param deadlocked whether tasks ended up waiting for each other
     */
    public ExecutionRecord(List<Step> steps, String endState, List<String> violations, boolean abandoned,
            boolean deadlocked) {
        this(steps, endState, violations, Map.of(), abandoned, deadlocked, false);
    }

    /**
     * @param property a property this execution violated
     * @return the shortest prefix of {@link #steps} this execution shows it with: up to the step it
     *     first showed after, for a violation between steps; every step otherwise
     */
    public List<Step> scheduleShowing(String property) {
        return steps.subList(0, shownAfterStep.getOrDefault(property, steps.size()));
    }
}
