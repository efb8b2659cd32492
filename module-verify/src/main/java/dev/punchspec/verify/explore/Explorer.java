package dev.punchspec.verify.explore;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Explores every interleaving of a scenario's tasks at their scheduling points, depth first,
 * by re-execution (stateless model checking, as CHESS and Java PathFinder's thread choice do).
 *
 * <p>Implementation overview. The first execution takes the default choice everywhere (the lowest
 * enabled task). After each execution the explorer backtracks to the deepest step where a task
 * with a higher id was also enabled, and re-runs the scenario from scratch with the steps before
 * it, that task there, and default choices after it. The order is the lexicographic order of the
 * schedules, so the enumeration is complete (every schedule of enabled choices is run exactly
 * once) and deterministic (same scenario, same sequence of executions, same result text).
 *
 * <p>Partial-order reduction. A scenario whose {@link Scenario#dependency()} is the default
 * {@link StepDependency#ALL} gets the enumeration above, unchanged: every schedule, which is sound
 * and grows as the multinomial of the tasks' step counts. Any other relation gets source-DPOR with
 * sleep sets ({@link DporSearch}; Abdulla et al., POPL 2014): after each execution its races
 * (dependent steps of different tasks, adjacent in happens-before) name the schedules that
 * reverse them, and sleep sets stop executions equivalent to explored ones. It runs at least one
 * execution of every Mazurkiewicz trace of the relation, and at most one complete execution of
 * each; all executions of a trace reach the same state and have the same length, so the distinct
 * end states, the violated properties and the shortest counterexample's length are those of the
 * full enumeration, given a valid relation ({@link StepDependency}'s obligation; the model's
 * relation and its argument: {@link ModelDependency}). Why stateless DPOR fits here: the explorer
 * cannot snapshot task threads, only re-run schedules, and DPOR needs nothing but the executed
 * steps, both ends of each ({@link Transition}). Cost: per execution, O(n^2) calls of the relation
 * and O(n^3 / 64) bit operations for n steps (happens-before closure and race checks), plus
 * executions that sleep sets stop early, which the report counts. Under a step bound the reduced
 * search covers the traces whose executions fit the bound, as the full one covers the schedules.
 *
 * <p>Measured (full enumeration against the reduction, interleavings and wall time, from the
 * {@code DPOR ...} lines that {@code DporTest} prints, run as {@code ./mvnw -B -o test -pl
 * module-verify -DskipPitest -Dtest=DporTest} on the shared 2-core machine under a load of about
 * 10, so times are rough): three independent tasks of 3, 2 and 4 steps, 1260 in 2052 ms against 1
 * in 1 ms; the lost update, 6 against 4; two tasks on disjoint filesystem locks under
 * {@link ModelDependency}, 20 against 16; three such tasks, 1680 in 2923 ms against 1044 in 1465
 * ms; ABBA on two filesystem locks, 128 against 122 (no time saved: nearly every pair names a
 * common lock); one shared lock, a trylock race, and every step dependent: no reduction (20, 108,
 * 210 both ways); 20 seeded random scenarios on two variables, e.g. 560 in 666 ms against 9 in 12
 * ms; four tasks on two variables, 7560 schedules (brute-force count) against 13 executions, 12
 * traces and one stopped by sleep sets. Where nothing is reduced, the analysis costs little next to
 * an execution's thread hand-offs; the reduction is only as good as the relation, and the model's
 * relation is coarse (see its overview).
 *
 * <p>Bounds, stated in every result: at most {@code maxSteps} steps per execution (an execution
 * reaching it is abandoned and counted) and at most {@code maxExecutions} executions (a search
 * stopped there says it is incomplete).
 */
public final class Explorer {

    private final int maxSteps;
    private final long maxExecutions;

    /**
     * @param maxSteps the step bound of one execution, at least 1
     * @param maxExecutions the number of executions after which the search stops, at least 1
     * @throws IllegalArgumentException naming the bound and its value when it is below 1
     */
    public Explorer(int maxSteps, long maxExecutions) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps = " + maxSteps + ": must be at least 1");
        }
        if (maxExecutions < 1) {
            throw new IllegalArgumentException("maxExecutions = " + maxExecutions + ": must be at least 1");
        }
        this.maxSteps = maxSteps;
        this.maxExecutions = maxExecutions;
    }

    /**
     * Explores the scenario.
     *
     * @param <W> its world
     * @param scenario a deterministic scenario
     * @return what the exploration covered and found
     * @throws IllegalStateException if the scenario is not deterministic
     */
    public <W> Exploration explore(Scenario<W> scenario) {
        StepDependency dependency = scenario.dependency();
        if (dependency == StepDependency.ALL) {
            return exploreAll(scenario);
        }
        return exploreReduced(scenario, dependency);
    }

    /** Source-DPOR with sleep sets under the scenario's relation (see {@link DporSearch}). */
    private <W> Exploration exploreReduced(Scenario<W> scenario, StepDependency dependency) {
        long started = System.nanoTime();
        Exploration.Builder result = new Exploration.Builder(scenario.name(), maxSteps, maxExecutions,
                Exploration.SOURCE_DPOR + " (dependency: " + dependency.name() + ")");
        DporSearch search = new DporSearch(dependency);
        List<Step> previous = List.of();
        while (true) {
            ExecutionRecord execution = new Execution<>(scenario, search, maxSteps).run();
            checkReplay(scenario.name(), previous, execution.steps(), search.replayed() - 1);
            previous = execution.steps();
            result.add(execution);
            search.analyse();
            if (!search.advance()) {
                return result.build(true, System.nanoTime() - started);
            }
            if (result.executions() >= maxExecutions) {
                return result.build(false, System.nanoTime() - started);
            }
        }
    }

    /** Every schedule, in lexicographic order. */
    private <W> Exploration exploreAll(Scenario<W> scenario) {
        long started = System.nanoTime();
        Exploration.Builder result = new Exploration.Builder(scenario.name(), maxSteps, maxExecutions,
                Exploration.NO_REDUCTION);
        List<Integer> prefix = List.of();
        List<Step> previous = List.of();
        while (true) {
            ExecutionRecord execution = new Execution<>(scenario, prefix, maxSteps).run();
            checkReplay(scenario.name(), previous, execution.steps(), prefix.size() - 1);
            previous = execution.steps();
            result.add(execution);
            List<Integer> next = nextPrefix(execution.steps());
            if (next == null) {
                return result.build(true, System.nanoTime() - started);
            }
            if (result.executions() >= maxExecutions) {
                return result.build(false, System.nanoTime() - started);
            }
            prefix = next;
        }
    }

    /**
     * Checks that re-executing a prefix reproduced the previous execution's steps before the new
     * choice: same task, same action, same enabled tasks. A scenario that shares state between
     * executions, or depends on anything but the schedule, fails here.
     *
     * @param scenario the scenario's name, for the message
     * @param before the previous execution's steps
     * @param now the re-execution's steps
     * @param replayed how many leading steps must agree (none for the first execution)
     * @throws IllegalStateException naming the first step that differs
     */
    static void checkReplay(String scenario, List<Step> before, List<Step> now, int replayed) {
        for (int i = 0; i < replayed; i++) {
            if (i >= now.size() || !before.get(i).equals(now.get(i))) {
                throw new IllegalStateException("scenario " + scenario + " is not deterministic: step " + i + " was "
                        + before.get(i) + ", on re-execution " + (i < now.size() ? now.get(i) : "the run had ended"));
            }
        }
    }

    /**
     * The schedule prefix of the next execution in lexicographic order.
     *
     * @param steps the steps of the execution just run
     * @return the task ids of the steps before the deepest step with an untried higher enabled
     *     task, then that task; {@code null} when every step's choices are exhausted
     */
    static @Nullable List<Integer> nextPrefix(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            for (int candidate : step.enabled()) {
                if (candidate > step.taskId()) {
                    List<Integer> prefix = new ArrayList<>();
                    for (Step before : steps.subList(0, i)) {
                        prefix.add(before.taskId());
                    }
                    prefix.add(candidate);
                    return prefix;
                }
            }
        }
        return null;
    }
}
