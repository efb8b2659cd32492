package dev.punchspec.verify.explore;

import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.TaskContext;
import java.util.List;

/**
 * What the explorer runs: a world built afresh for every execution, the tasks that act on it, and
 * what to observe at the end.
 *
 * <p>Obligation: a scenario is deterministic. Given the same schedule (the same task granted at
 * every scheduling point), every execution takes the same steps and reaches the same end state;
 * tasks share nothing but the world, and the world shares nothing between executions. The
 * explorer checks this while it re-executes a schedule's prefix and fails loudly when it breaks.
 *
 * @param <W> the world: the shared model state of one execution
 */
public interface Scenario<W> {

    /** @return the scenario's name, for reports */
    String name();

    /** @return the tasks' names, in task-id order (task {@code i} has id {@code i}) */
    List<String> taskNames();

    /** @return a fresh world for one execution */
    W newWorld();

    /**
     * @param world a world of this scenario
     * @return the lock validator (lockdep) of that world, which creates its tasks
     */
    LockValidator validator(W world);

    /**
     * Runs task {@code taskId} to its end on the calling thread. Every shared-state access happens
     * between scheduling points the task passes through {@code task} (its locks and lookups).
     *
     * @param world the execution's world
     * @param taskId the task's id
     * @param task the task's context, bound to the explorer's scheduler
     * @throws Exception anything the task's code throws; the explorer records it as the task's outcome
     */
    void run(W world, int taskId, TaskContext task) throws Exception;

    /**
     * The observable end state, used to count distinct end states: equal strings, equal states.
     *
     * @param world the world after every task finished
     * @return a canonical text of the state
     */
    String endState(W world);

    /**
     * The properties violated at rest, each as {@code PROPERTY: detail} (e.g.
     * {@code DATA_LOST: byte 4096 is 0, expected 7}).
     *
     * @param world the world after every task finished
     * @return the violations, empty when none
     */
    List<String> violationsAtRest(W world);

    /**
     * The properties violated between two steps, each as {@code PROPERTY: detail}: checked after
     * every step, while every task is parked at a scheduling point or finished, so the world is a
     * state another thread could observe. Only properties that must hold at every such point
     * belong here (a reservation made before its data is copied is not a leak yet). Each
     * property's first violation in an execution is reported, with the step it followed; the
     * schedule shown for it ends at that step.
     *
     * <p>Completeness: the full enumeration ({@link StepDependency#ALL}) passes through every
     * reachable state between steps, so it misses no such violation within its bounds. A
     * partial-order reduction keeps every trace, hence every end state, but not every state in
     * between (two independent steps are run in one order only), so under a reduction a violation
     * found between steps is real, and its absence is shown only for the states the explored
     * executions passed through.
     *
     * @param world the execution's world, between two steps
     * @return the violations, empty when none (the default: the scenario checks only at rest)
     */
    default List<String> violationsAtStep(W world) {
        return List.of();
    }

    /**
     * The dependency relation of this scenario's steps, which the explorer's partial-order
     * reduction trusts (see {@link StepDependency}'s obligation). The default says every two steps
     * are dependent, which gives the plain exhaustive exploration; a scenario built only of the
     * model's locks and lookups can return {@link ModelDependency#INSTANCE}.
     *
     * @return the relation
     */
    default StepDependency dependency() {
        return StepDependency.ALL;
    }
}
