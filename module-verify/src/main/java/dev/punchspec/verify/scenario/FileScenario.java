package dev.punchspec.verify.scenario;

import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.extent.XfsError;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Scenario;
import dev.punchspec.verify.fs.FsScenario;
import dev.punchspec.verify.fs.FsWorld;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario file as the explorer runs it, for one generation: each execution builds the sparse
 * file, runs the setup operations alone (as one task under a sequential scheduler of its own, so
 * none of its steps is a scheduling point of the exploration), then the file's tasks, each running
 * its operations in order. Every step is dependent on every other ({@link Scenario#dependency()}'s
 * default): no reduction is claimed for operations the file combines freely.
 */
public final class FileScenario extends FsScenario {

    private final ScenarioSpec spec;
    private final Generation generation;

    /**
     * @param spec the loaded file
     * @param generation whose {@code ->iomap_end} the writes run
     */
    public FileScenario(ScenarioSpec spec, Generation generation) {
        this.spec = spec;
        this.generation = generation;
    }

    @Override
    public String name() {
        return spec.name() + " " + generation.kernelName();
    }

    @Override
    public List<String> taskNames() {
        List<String> names = new ArrayList<>();
        for (ScenarioSpec.TaskSpec t : spec.tasks()) {
            names.add(t.name());
        }
        return names;
    }

    /**
     * The sparse file with the setup run on it.
     *
     * @throws IllegalStateException when a setup operation fails or breaks the lock order (the
     *     loader runs the setup once per generation, so a file that loaded does not)
     */
    @Override
    public FsWorld newWorld() {
        FsWorld world = new FsWorld(spec.geometry(), spec.capacityBlocks(), spec.iSizeByte(), generation);
        runSetup(world, spec.setup());
        return world;
    }

    /**
     * Runs the setup operations alone on the world.
     *
     * @param world the world
     * @param setup the operations
     * @throws SetupFailed naming the operation's index when one fails or breaks the lock rules
     *     (the setup's validator throws its {@link dev.punchspec.api.lock.LockViolation})
     */
    static void runSetup(FsWorld world, List<Op> setup) {
        LockValidator validator = new LockValidator(ViolationPolicy.THROW);
        TaskContext task = validator.newTask(0, "setup", new SequentialHook());
        for (int i = 0; i < setup.size(); i++) {
            try {
                setup.get(i).run(world, task);
            } catch (XfsError | RuntimeException e) {
                throw new SetupFailed(i, e);
            }
        }
    }

    /** A setup operation failed: its index and why. */
    static final class SetupFailed extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int index;

        SetupFailed(int index, Exception cause) {
            super("setup operation " + index + " failed: " + cause.getMessage(), cause);
            this.index = index;
        }

        /** @return the failed operation's index in the setup */
        int index() {
            return index;
        }
    }

    @Override
    public void run(FsWorld world, int taskId, TaskContext task) throws Exception {
        for (Op op : spec.tasks().get(taskId).ops()) {
            op.run(world, task);
        }
    }
}
