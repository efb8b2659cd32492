package dev.punchspec.verify.scenario;

import dev.punchspec.api.Geometry;
import dev.punchspec.punch.Generation;
import java.util.List;

/**
 * A loaded, validated scenario file (format {@value ScenarioLoader#FORMAT}): what
 * {@link FileScenario} runs for each of its generations.
 *
 * <p>The initial state is given as {@code iSizeByte} (a sparse file as {@code ftruncate} leaves
 * it) followed by {@code setup} operations run alone, not as folios and extents written out
 * directly: the cache and extent models offer no public way to place a folio with chosen block
 * states or an extent of a chosen state, and a state reached by operations is one the kernel can
 * reach, with the expected-content oracle and the reservation accounting consistent with it, where
 * a hand-written state could break the models' invariants before the first step.
 *
 * @param name the scenario's name
 * @param geometry page size, block size, largest folio order
 * @param capacityBlocks the disk's size in blocks
 * @param iSizeByte the file's initial size
 * @param setup the operations run alone before the tasks start
 * @param tasks the tasks the explorer interleaves, in task-id order
 * @param maxSteps the step bound of one execution
 * @param maxExecutions the execution bound of one exploration
 * @param generations the generations the file asks for, in {@link Generation} order
 */
public record ScenarioSpec(String name, Geometry geometry, long capacityBlocks, long iSizeByte, List<Op> setup,
        List<TaskSpec> tasks, int maxSteps, long maxExecutions, List<Generation> generations) {

    /** Copies the lists. */
    public ScenarioSpec {
        setup = List.copyOf(setup);
        tasks = List.copyOf(tasks);
        generations = List.copyOf(generations);
    }

    /**
     * One task of a scenario.
     *
     * @param name its name
     * @param ops its operations, in program order
     */
    public record TaskSpec(String name, List<Op> ops) {

        /** Copies the list. */
        public TaskSpec {
            ops = List.copyOf(ops);
        }
    }
}
