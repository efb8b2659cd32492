package dev.punchspec.verify.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.lock.ViolationPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DporSearch} driven by hand, with made-up steps, for the cases a scenario reaches only
 * with a relation that breaks {@link StepDependency}'s obligation.
 */
class DporSearchTest {

    /** Steps that start at point "w" conflict; nothing else does (not even a lock release). */
    private static final StepDependency W_ONLY = new StepDependency() {
        @Override
        public boolean dependent(Transition a, Transition b) {
            return a.what().equals("w") && b.what().equals("w");
        }

        @Override
        public String name() {
            return "w only";
        }
    };

    @Test
    void aRaceWhoseTaskCannotRunThereBacktracksEveryEnabledTask() {
        // Node 0: tasks 0 and 2 can run, task 1 cannot (say it waits for a lock task 0 releases,
        // a dependency the relation misses). Task 0 runs "w", then task 1 runs "w": a race whose
        // only initial, task 1, is not enabled at node 0, so node 0 must try every enabled task.
        DporSearch search = new DporSearch(W_ONLY);
        assertEquals(0, search.choose(0, List.of(0, 2)));
        search.executed(0, new Transition(0, "w", Transition.EXIT));
        assertEquals(1, search.choose(1, List.of(1, 2)));
        search.executed(1, new Transition(1, "w", Transition.EXIT));
        search.analyse();
        assertTrue(search.advance(), "node 0 backtracks task 2");
        assertEquals(1, search.replayed());
        assertEquals(2, search.choose(0, List.of(0, 2)));
    }

    @Test
    void aRaceWithARunnableInitialBacktracksOnlyIt() {
        // The same race with task 1 enabled at node 0: only task 1 is added there.
        DporSearch search = new DporSearch(W_ONLY);
        assertEquals(0, search.choose(0, List.of(0, 1, 2)));
        search.executed(0, new Transition(0, "w", Transition.EXIT));
        assertEquals(1, search.choose(1, List.of(1, 2)));
        search.executed(1, new Transition(1, "w", Transition.EXIT));
        assertEquals(2, search.choose(2, List.of(2)));
        search.executed(2, new Transition(2, "x", Transition.EXIT));
        search.analyse();
        assertTrue(search.advance());
        assertEquals(1, search.choose(0, List.of(0, 1, 2)));
        // Task 0, explored from node 0, conflicts with task 1's "w", so it is not asleep at node 1.
        search.executed(0, new Transition(1, "w", Transition.EXIT));
        assertEquals(0, search.choose(1, List.of(0, 2)));
        search.executed(1, new Transition(0, "w", Transition.EXIT));
        assertEquals(2, search.choose(2, List.of(2)));
        search.executed(2, new Transition(2, "x", Transition.EXIT));
        search.analyse();
        assertFalse(search.advance(), "task 2 never races: nothing else to run");
    }

    @Test
    void stepsThatConflictWithNothingNeedOneExecution() {
        DporSearch search = new DporSearch(W_ONLY);
        // First execution: 0 "a", then 1 "w": no race ("a" conflicts with nothing).
        assertEquals(0, search.choose(0, List.of(0, 1)));
        search.executed(0, new Transition(0, "a", Transition.EXIT));
        assertEquals(1, search.choose(1, List.of(1)));
        search.executed(1, new Transition(1, "w", Transition.EXIT));
        search.analyse();
        assertFalse(search.advance());
    }

    @Test
    void anExecutionTheChooserStopsIsNeitherCutShortNorChecked() {
        ToyScenario s = new ToyScenario("stop", ViolationPolicy.THROW)
                .task("t0", (w, task) -> {
                    task.schedulingPoint("p");
                    w.x = 1;
                })
                .checkAtRest(w -> List.of("DATA_LOST: never checked for a stopped run"));
        Execution.Chooser stopAtOne = new Execution.Chooser() {
            @Override
            public int choose(int index, List<Integer> enabled) {
                return index == 0 ? 0 : STOP;
            }

            @Override
            public void executed(int index, Transition transition) {
                assertEquals(new Transition(0, "start", "p"), transition);
            }
        };
        ExecutionRecord r = new Execution<>(s, stopAtOne, 10).run();
        assertTrue(r.sleepBlocked());
        assertFalse(r.abandoned());
        assertEquals(List.of(), r.violations());
        assertEquals("x=0", r.endState());
        assertEquals(1, r.steps().size());
        assertFalse(new ExecutionRecord(List.of(), "x", List.of(), false, false).sleepBlocked());
    }

    @Test
    void aSleepingTaskIsNotChosenAndAllAsleepStops() {
        DporSearch search = new DporSearch(W_ONLY);
        // 0 "w" then 1 "w": race, so node 0 backtracks 1.
        assertEquals(0, search.choose(0, List.of(0, 1)));
        search.executed(0, new Transition(0, "w", Transition.EXIT));
        assertEquals(1, search.choose(1, List.of(1)));
        search.executed(1, new Transition(1, "w", Transition.EXIT));
        search.analyse();
        assertTrue(search.advance());
        // Now 1 first, but let it take a step that is independent of task 0's "w": task 0 stays
        // asleep, and when it is the only task left the execution is stopped.
        assertEquals(1, search.choose(0, List.of(0, 1)));
        search.executed(0, new Transition(1, "b", Transition.EXIT));
        assertEquals(Execution.Chooser.STOP, search.choose(1, List.of(0)));
    }
}
