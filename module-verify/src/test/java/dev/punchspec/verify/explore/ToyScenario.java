package dev.punchspec.verify.explore;

import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A small scenario for the explorer's tests: a world of a lock validator, model locks {@code L0},
 * {@code L1}, ... of the given ranks and an integer; tasks given as bodies; the end state
 * {@code x=<value>} and checks at rest and between steps supplied by the test.
 */
final class ToyScenario implements Scenario<ToyScenario.World> {

    /** The toy world. */
    static final class World {
        final LockValidator validator;
        final List<ModelLock> locks = new ArrayList<>();
        int x;

        World(ViolationPolicy policy, List<String> lockNames, List<LockRank> ranks) {
            validator = new LockValidator(policy);
            for (LockRank rank : ranks) {
                int i = locks.size();
                locks.add(new ModelLock(i < lockNames.size() ? lockNames.get(i) : "L" + i, rank));
            }
        }
    }

    /** A task's code. */
    interface Body {
        void run(World world, TaskContext task) throws Exception;
    }

    private final String name;
    private final ViolationPolicy policy;
    private final List<LockRank> ranks;
    private List<String> lockNames = List.of();
    private StepDependency dependency = StepDependency.ALL;
    private final List<String> names = new ArrayList<>();
    private final List<Body> bodies = new ArrayList<>();
    private Function<World, List<String>> check = w -> List.of();
    private Function<World, List<String>> stepCheck = w -> List.of();

    ToyScenario(String name, ViolationPolicy policy, LockRank... ranks) {
        this.name = name;
        this.policy = policy;
        this.ranks = List.of(ranks);
    }

    ToyScenario task(String taskName, Body body) {
        names.add(taskName);
        bodies.add(body);
        return this;
    }

    /** Names the locks (default {@code L0}, {@code L1}, ...), e.g. as the model's locks are named. */
    ToyScenario lockNames(String... lockNames) {
        this.lockNames = List.of(lockNames);
        return this;
    }

    /** Sets the relation {@link #dependency()} returns (default {@link StepDependency#ALL}). */
    ToyScenario dependency(StepDependency relation) {
        this.dependency = relation;
        return this;
    }

    ToyScenario checkAtRest(Function<World, List<String>> atRest) {
        this.check = atRest;
        return this;
    }

    ToyScenario checkAtStep(Function<World, List<String>> atStep) {
        this.stepCheck = atStep;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> taskNames() {
        return List.copyOf(names);
    }

    @Override
    public World newWorld() {
        return new World(policy, lockNames, ranks);
    }

    @Override
    public LockValidator validator(World world) {
        return world.validator;
    }

    @Override
    public void run(World world, int taskId, TaskContext task) throws Exception {
        bodies.get(taskId).run(world, task);
    }

    @Override
    public String endState(World world) {
        return "x=" + world.x;
    }

    @Override
    public List<String> violationsAtRest(World world) {
        return check.apply(world);
    }

    @Override
    public List<String> violationsAtStep(World world) {
        return stepCheck.apply(world);
    }

    @Override
    public StepDependency dependency() {
        return dependency;
    }
}
