package dev.punchspec.verify.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.extent.ExtentMap;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The partial-order reduction against the full enumeration: the same distinct end states, the same
 * violated properties with the same shortest counterexample length, and fewer executions where
 * steps are independent, with exact counts worked out by hand in the comments.
 *
 * <p>Hand counts use Mazurkiewicz traces: two schedules are equivalent when one becomes the other by
 * swapping adjacent independent steps of different tasks. Source-DPOR runs at least one complete
 * execution per trace (soundness) and sleep sets make it at most one, so its complete executions
 * are exactly the traces; the executions sleep sets stop early come on top and are asserted as
 * measured.
 */
class DporTest {

    private static final Explorer EXPLORER = new Explorer(100, 1_000_000);

    /** Everything independent: valid only for tasks that share nothing. */
    private static final StepDependency NOTHING_SHARED = new StepDependency() {
        @Override
        public boolean dependent(Transition a, Transition b) {
            return false;
        }

        @Override
        public String name() {
            return "nothing shared";
        }
    };

    /** Every two steps dependent, but not the {@link StepDependency#ALL} instance: DPOR runs. */
    private static final StepDependency EVERYTHING_SHARED = new StepDependency() {
        @Override
        public boolean dependent(Transition a, Transition b) {
            return true;
        }

        @Override
        public String name() {
            return "everything shared";
        }
    };

    /** The full and the reduced exploration of one scenario. */
    private record Pair(Exploration full, Exploration reduced) {
        long complete() {
            return reduced.executions() - reduced.sleepBlocked() - reduced.abandoned();
        }
    }

    /**
     * Explores {@code s} without and with {@code relation} and asserts what the reduction must
     * keep: the complete-search flag, the distinct end states, the violated properties and each
     * one's shortest schedule length; and that it never runs more executions.
     */
    private static Pair compare(ToyScenario s, StepDependency relation) {
        Exploration full = EXPLORER.explore(s.dependency(StepDependency.ALL));
        Exploration reduced = EXPLORER.explore(s.dependency(relation));
        assertSameOutcome(full, reduced);
        // The numbers the Explorer's overview quotes come from this line of the test output.
        System.out.println("DPOR " + s.name() + ": full " + full.closingLine() + "; reduced " + reduced.closingLine()
                + ", " + reduced.sleepBlocked() + " stopped by sleep sets");
        return new Pair(full, reduced);
    }

    /** The finding of {@code property}, failing the test with the report when there is none. */
    private static Exploration.Finding finding(Exploration e, String property) {
        Exploration.Finding f = e.findings().get(property);
        if (f == null) {
            throw new AssertionError(property + " not found in\n" + e.report());
        }
        return f;
    }

    private static void assertSameOutcome(Exploration full, Exploration reduced) {
        String both = full.report() + reduced.report();
        assertTrue(full.complete() && reduced.complete(), both);
        assertEquals(Exploration.NO_REDUCTION, full.reduction());
        assertTrue(reduced.reduction().startsWith(Exploration.SOURCE_DPOR + " (dependency: "), reduced.reduction());
        assertEquals(full.endStates().keySet(), reduced.endStates().keySet(), both);
        assertEquals(full.findings().keySet(), reduced.findings().keySet(), both);
        for (String property : full.findings().keySet()) {
            assertEquals(finding(full, property).schedule().size(), finding(reduced, property).schedule().size(),
                    property + "\n" + both);
        }
        assertEquals(full.abandoned() > 0, reduced.abandoned() > 0, both);
        assertEquals(full.deadlocked() > 0, reduced.deadlocked() > 0, both);
        assertTrue(reduced.executions() <= full.executions(), both);
    }

    @Test
    void independentTasksTakeOneExecution() {
        // Tasks of 2, 2 and 3 steps (start and the points): 7! / (2! 2! 3!) = 210 schedules, all
        // equivalent when nothing is shared: one trace. The first execution has no race, so
        // nothing is backtracked and nothing is stopped.
        Pair p = compare(ExplorerTest.points(1, 1, 2), NOTHING_SHARED);
        assertEquals(210, p.full().executions());
        assertEquals(1, p.reduced().executions());
        assertEquals(0, p.reduced().sleepBlocked());
        assertEquals(Map.of("x=0", 1L), p.reduced().endStates());
        assertEquals("scenario points: 1 interleavings (all), 1 distinct end states, at most 100 steps each\n"
                + "  reduction: source-DPOR with sleep sets (dependency: nothing shared)\n"
                + "  no property violated\n", p.reduced().report());
    }

    @Test
    void everyStepDependentRunsEverySchedule() {
        // With every pair dependent each schedule is its own trace, so DPOR must run all of them,
        // and sleep sets never hold a task (nothing is independent of the step just run).
        Pair p = compare(ExplorerTest.points(2, 1, 1), EVERYTHING_SHARED);
        assertEquals(210, p.full().executions()); // 7! / (3! 2! 2!) = 5040 / 24
        assertEquals(210, p.reduced().executions());
        assertEquals(0, p.reduced().sleepBlocked());
    }

    /** Unlocked increment: {@code seen = x} in the start step, {@code x = seen + 1} after "write x". */
    private static ToyScenario lostUpdate() {
        ToyScenario s = new ToyScenario("lost-update", ViolationPolicy.THROW);
        for (String name : List.of("a", "b")) {
            s.task(name, (w, task) -> {
                int seen = w.x;
                task.schedulingPoint("write x");
                w.x = seen + 1;
            });
        }
        return s.checkAtRest(w -> w.x == 2 ? List.of() : List.of("DATA_LOST: x = " + w.x + ", expected 2"));
    }

    /** The steps of {@link #lostUpdate}: the one ending at "write x" reads x, the one after it writes x. */
    private static final StepDependency READ_WRITE_X = new StepDependency() {
        @Override
        public boolean dependent(Transition a, Transition b) {
            boolean aWrites = a.what().equals("write x");
            boolean bWrites = b.what().equals("write x");
            return aWrites || bWrites;
        }

        @Override
        public String name() {
            return "x read in the first step, written in the second";
        }
    };

    @Test
    void theLostUpdateKeepsItsViolationAndItsShortestSchedule() {
        // Steps a1 (read x), a2 (write x), b1, b2. Dependent pairs: a1-b2, a2-b1, a2-b2 (a1-b1 are
        // two reads). A trace is fixed by the order of those pairs: a2 < b1 forces a1 a2 b1 b2
        // (x = 2); b2 < a1 forces b1 b2 a1 a2 (x = 2); otherwise b1 < a2 and a1 < b2, and a2, b2
        // in either order: 2 traces, both x = 1. So 4 traces of the 6 schedules (a1 b1 and b1 a1
        // first are the same). The full run: 4 schedules with x = 1, 2 with x = 2.
        Pair p = compare(lostUpdate(), READ_WRITE_X);
        assertEquals(6, p.full().executions());
        assertEquals(4, p.complete());
        assertEquals(Map.of("x=1", 2L, "x=2", 2L), p.reduced().endStates());
        assertEquals(4, finding(p.reduced(), Properties.DATA_LOST).schedule().size());
        // Worked through by hand: a1 a2 b1 b2, then the race a2-b1 gives a1 b1 a2 b2, the race
        // a2-b2 gives a1 b1 b2 a2, and the race a1-b2 gives b1 b2 a1 a2, where a sits asleep after
        // b1 (a1 is independent of b1) until b2 wakes it. No execution is stopped.
        assertEquals(0, p.reduced().sleepBlocked());
        assertEquals(4, p.reduced().executions());
    }

    /**
     * Two tasks, each taking and releasing one model lock: task 0 the i_rwsem, task 1 the
     * invalidate_lock (named as the model names them), under the model's relation.
     */
    // Each task releases only the lock it took (balanced).
    @SuppressWarnings("lock:method.guarantee.violated")
    private static ToyScenario disjointLocks(int tasks) {
        ToyScenario s = tasks == 2
                ? new ToyScenario("disjoint-locks", ViolationPolicy.THROW, LockRank.I_RWSEM, LockRank.INVALIDATE_LOCK)
                        .lockNames("file i_rwsem", "file invalidate_lock")
                : new ToyScenario("disjoint-locks", ViolationPolicy.THROW, LockRank.I_RWSEM, LockRank.INVALIDATE_LOCK,
                        LockRank.ILOCK).lockNames("file i_rwsem", "file invalidate_lock", ExtentMap.ILOCK_NAME);
        for (int t = 0; t < tasks; t++) {
            int lock = t;
            s.task("t" + t, (w, task) -> {
                ModelLock l = w.locks.get(lock);
                l.lock(task, LockMode.EXCLUSIVE);
                l.unlock(task);
            });
        }
        return s;
    }

    @Test
    void disjointFilesystemLocksCommuteUnderTheModelRelation() {
        // Task 0: s0 (start -> lock i_rwsem: dependent on all, it starts at "start"), a1 (lock ->
        // unlock i_rwsem: names i_rwsem), a2 (unlock -> exit: dependent on all); task 1 likewise
        // s1, b1 (invalidate_lock), b2. Only a1 and b1 are independent. Of the 6! / (3! 3!) = 20
        // schedules, those with a1 b1 adjacent are {s0, s1} in 2 orders, the pair, {a2, b2} in 2
        // orders: 4 with a1 b1 and 4 with b1 a1, 4 traces of 2; the other 12 are traces of their
        // own: 16 traces.
        Pair p = compare(disjointLocks(2), ModelDependency.INSTANCE);
        assertEquals(20, p.full().executions());
        assertEquals(16, p.complete());
        assertEquals(16, tracesOfDisjointLocks(new int[2], -1), "the counter the three-task test uses");
        // Measured: no execution is stopped by sleep sets here.
        assertEquals(0, p.reduced().sleepBlocked());
        assertEquals(Map.of("x=0", 16L), p.reduced().endStates());
    }

    @Test
    void threeDisjointLocksUnderTheModelRelation() {
        // 9! / (3! 3! 3!) = 1680 schedules; the middle steps a1, b1, c1 are pairwise independent
        // and everything else is dependent on the other tasks' steps, so the traces are counted by
        // tracesOfDisjointLocks. The full enumeration is the two-task test's; here only the
        // reduced search runs: one complete execution per trace.
        Exploration reduced = EXPLORER.explore(disjointLocks(3).dependency(ModelDependency.INSTANCE));
        long traces = tracesOfDisjointLocks(new int[3], -1);
        assertEquals(1044, traces);
        assertTrue(reduced.complete(), reduced.report());
        assertEquals(Map.of("x=0", traces), reduced.endStates());
        assertEquals(traces, reduced.executions() - reduced.sleepBlocked(), reduced.report());
    }

    /**
     * The schedules of tasks of three steps (start, middle, end) in which every run of adjacent
     * middle steps ascends by task, continuing from {@code next[t]} steps taken by task t and
     * {@code lastMiddle}, the task whose middle step was the last one (-1: the last step was no
     * middle step). When only middle steps of different tasks commute, swaps keep each run's set of
     * tasks, so each trace holds exactly one such schedule: its runs sorted.
     */
    private static long tracesOfDisjointLocks(int[] next, int lastMiddle) {
        boolean unfinished = false;
        long schedules = 0;
        for (int t = 0; t < next.length; t++) {
            if (next[t] == 3) {
                continue;
            }
            unfinished = true;
            boolean middle = next[t] == 1;
            if (middle && lastMiddle > t) {
                continue;
            }
            next[t]++;
            schedules += tracesOfDisjointLocks(next, middle ? t : -1);
            next[t]--;
        }
        return unfinished ? schedules : 1;
    }

    /** Both tasks increment x under the i_rwsem; the model relation finds everything dependent. */
    // Balanced lock/unlock in each task.
    @SuppressWarnings("lock:method.guarantee.violated")
    private static ToyScenario lockedUpdate() {
        ToyScenario s = new ToyScenario("locked-update", ViolationPolicy.THROW, LockRank.I_RWSEM).lockNames("i_rwsem");
        for (String name : List.of("a", "b")) {
            s.task(name, (w, task) -> {
                ModelLock lock = w.locks.get(0);
                lock.lock(task, LockMode.EXCLUSIVE);
                w.x++;
                lock.unlock(task);
            });
        }
        return s.checkAtRest(w -> w.x == 2 ? List.of() : List.of("DATA_LOST: x = " + w.x));
    }

    @Test
    void oneSharedLockIsNotReduced() {
        // Every step either starts, exits or names the i_rwsem, so every pair of steps of different
        // tasks is dependent: each schedule is its own trace and DPOR runs them all.
        Pair p = compare(lockedUpdate(), ModelDependency.INSTANCE);
        assertEquals(p.full().executions(), p.reduced().executions());
        assertEquals(0, p.reduced().sleepBlocked());
        assertEquals(Map.of(), p.reduced().findings());
    }

    /** ExplorerTest's ABBA on the model's i_rwsem and invalidate_lock: lock-order inversion and deadlock. */
    private static ToyScenario abba() {
        return ExplorerTest.abba(ViolationPolicy.RECORD).lockNames("i_rwsem", "invalidate_lock");
    }

    @Test
    void theDeadlockAndTheInversionSurviveTheReduction() {
        Pair p = compare(abba(), ModelDependency.INSTANCE);
        assertEquals(List.of(Properties.DEADLOCK, Properties.LOCK_ORDER), List.copyOf(p.reduced().findings().keySet()));
        assertTrue(p.reduced().deadlocked() > 0);
        assertTrue(p.reduced().endStates().containsKey("x=2"), p.reduced().report());
    }

    /** A trylock that fails while the other task holds the lock takes another path. */
    // Balanced: each task releases only what it acquired.
    @SuppressWarnings("lock:method.guarantee.violated")
    private static ToyScenario trylock() {
        ToyScenario s = new ToyScenario("trylock", ViolationPolicy.THROW, LockRank.ILOCK, LockRank.I_RWSEM)
                .lockNames("ILOCK", "i_rwsem");
        s.task("holder", (w, task) -> {
            ModelLock l = w.locks.get(0);
            l.lock(task, LockMode.EXCLUSIVE);
            // A point inside, or nobody could see the lock held (lock and unlock in one step).
            task.schedulingPoint("holding ILOCK");
            w.x += 10;
            l.unlock(task);
        });
        s.task("trier", (w, task) -> {
            ModelLock other = w.locks.get(1);
            other.lock(task, LockMode.SHARED);
            ModelLock l = w.locks.get(0);
            if (l.tryLock(task, LockMode.EXCLUSIVE)) {
                w.x += 1;
                l.unlock(task);
            }
            other.unlock(task);
        });
        return s;
    }

    @Test
    void aFailedTrylockIsKept() {
        Pair p = compare(trylock(), ModelDependency.INSTANCE);
        assertEquals(Set.of("x=10", "x=11"), p.reduced().endStates().keySet());
    }

    /** ABBA whose tasks release in {@code finally}: after a deadlock wake-up the search goes on choosing. */
    // Balanced lock/unlock in each task; a failed acquire skips its own unlock.
    @SuppressWarnings("lock:method.guarantee.violated")
    private static ToyScenario abbaUnwinding() {
        ToyScenario s = new ToyScenario("abba-unwinding", ViolationPolicy.RECORD, LockRank.I_RWSEM,
                LockRank.INVALIDATE_LOCK).lockNames("i_rwsem", "invalidate_lock");
        int[][] orders = {{0, 1}, {1, 0}};
        for (int t = 0; t < 2; t++) {
            int[] order = orders[t];
            s.task("t" + t, (w, task) -> {
                ModelLock first = w.locks.get(order[0]);
                ModelLock second = w.locks.get(order[1]);
                first.lock(task, LockMode.EXCLUSIVE);
                try {
                    second.lock(task, LockMode.EXCLUSIVE);
                    w.x++;
                    second.unlock(task);
                } finally {
                    first.unlock(task);
                }
            });
        }
        return s;
    }

    @Test
    void theSearchGoesOnAfterADeadlockWakeUp() {
        // The woken task unwinds and releases its first lock, which lets the other task run on:
        // choices follow the forced wake-up, so the path must hold a node for it.
        Pair p = compare(abbaUnwinding(), ModelDependency.INSTANCE);
        assertTrue(p.reduced().deadlocked() > 0, p.reduced().report());
        assertTrue(p.reduced().endStates().containsKey("x=1"), "one task got both locks: " + p.reduced().report());
        // Measured: 164 schedules, 140 reduced executions.
        assertEquals(164, p.full().executions());
        assertEquals(140, p.reduced().executions());
    }

    @Test
    void theDeadlockWakeUpIsAStepOfTheReducedSearch() {
        // Measured counts (the relation makes nearly every pair dependent here): the full run and the
        // reduced one. The reduced count depends on the deadlock wake-up being a node of the path.
        Pair p = compare(abba(), ModelDependency.INSTANCE);
        assertEquals(128, p.full().executions());
        assertEquals(122, p.reduced().executions());
        assertEquals(0, p.reduced().sleepBlocked());
    }

    @Test
    void aScenarioThatChangesBetweenRunsIsRejectedByTheReducedSearch() {
        int[] runs = {0};
        ToyScenario s = new ToyScenario("relabelled", ViolationPolicy.THROW)
                .task("t0", (w, task) -> {
                    task.schedulingPoint("p" + runs[0]++);
                    task.schedulingPoint("q");
                })
                .task("t1", (w, task) -> { })
                .dependency(EVERYTHING_SHARED);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EXPLORER.explore(s));
        String message = String.valueOf(e.getMessage());
        assertTrue(message.startsWith("scenario relabelled is not deterministic: step 1 was"), message);
    }

    @Test
    void theReducedSearchTakesMeasuredTime() {
        long before = System.nanoTime();
        Exploration e = EXPLORER.explore(lostUpdate().dependency(READ_WRITE_X));
        long around = System.nanoTime() - before;
        assertTrue(e.elapsedNanos() > 0 && e.elapsedNanos() <= around, e.elapsedNanos() + " within " + around);
        Exploration cut = new Explorer(100, 1).explore(lostUpdate().dependency(READ_WRITE_X));
        around = System.nanoTime() - before;
        assertTrue(cut.elapsedNanos() > 0 && cut.elapsedNanos() <= around, cut.elapsedNanos() + " within " + around);
        assertFalse(cut.complete());
    }

    @Test
    void aScenarioWithoutARelationGetsTheFullEnumeration() {
        Scenario<Vars> plain = new Scenario<>() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public List<String> taskNames() {
                return List.of("t0");
            }

            @Override
            public Vars newWorld() {
                return new Vars(1);
            }

            @Override
            public LockValidator validator(Vars world) {
                return world.validator;
            }

            @Override
            public void run(Vars world, int taskId, TaskContext task) {
                task.schedulingPoint("p");
            }

            @Override
            public String endState(Vars world) {
                return "end";
            }

            @Override
            public List<String> violationsAtRest(Vars world) {
                return List.of();
            }
        };
        assertEquals(StepDependency.ALL, plain.dependency());
        assertEquals(Exploration.NO_REDUCTION, EXPLORER.explore(plain).reduction());
    }

    @Test
    void theReductionIsDeterministic() {
        ToyScenario s = disjointLocks(2).dependency(ModelDependency.INSTANCE);
        assertEquals(EXPLORER.explore(s).report(), EXPLORER.explore(s).report());
    }

    @Test
    void theExecutionBoundStopsTheReducedSearchToo() {
        Exploration e = new Explorer(100, 2).explore(lostUpdate().dependency(READ_WRITE_X));
        assertEquals(2, e.executions());
        assertFalse(e.complete());
        Exploration cut = new Explorer(3, 100).explore(lostUpdate().dependency(READ_WRITE_X));
        assertTrue(cut.abandoned() > 0, cut.report());
        assertEquals(Map.of(), cut.endStates());
    }

    @Test
    void theModelRelationReadsBothEndsOfAStep() {
        ModelDependency m = ModelDependency.INSTANCE;
        assertEquals("file i_rwsem", ModelDependency.filesystemLock("lock file i_rwsem EXCLUSIVE"));
        assertEquals("ILOCK", ModelDependency.filesystemLock("trylock ILOCK SHARED"));
        assertEquals("file invalidate_lock", ModelDependency.filesystemLock("woken: file invalidate_lock SHARED"));
        assertEquals("i_rwsem", ModelDependency.filesystemLock("unlock i_rwsem"));
        assertNull(ModelDependency.filesystemLock("lock file folio 3 EXCLUSIVE"));
        assertNull(ModelDependency.filesystemLock("unlock file folio 3"));
        assertNull(ModelDependency.filesystemLock("woken: writeback of folio 3"));
        assertNull(ModelDependency.filesystemLock("lock i_rwsem"), "no mode: not a lock label");
        assertNull(ModelDependency.filesystemLock("lock  EXCLUSIVE"), "no name");
        assertNull(ModelDependency.filesystemLock("lock ILOCK WRITE"));
        assertNull(ModelDependency.filesystemLock("find folio 0 of file"));
        assertNull(ModelDependency.filesystemLock("i_size_read"));
        assertNull(ModelDependency.filesystemLock("start"));
        assertNull(ModelDependency.filesystemLock(Transition.EXIT));
        assertNull(ModelDependency.filesystemLock("deadlocked, woken: i_rwsem EXCLUSIVE"));
        assertNull(ModelDependency.filesystemLock("unlock L0"));
        assertNull(ModelDependency.filesystemLock("unlock my_i_rwsem"), "the last word must be the lock's");
        assertEquals("a b ILOCK", ModelDependency.filesystemLock("lock a b ILOCK EXCLUSIVE"));
        assertNull(ModelDependency.filesystemLock("relock ILOCK EXCLUSIVE"));
        assertNull(ModelDependency.filesystemLock("lock ILOCK EXCLUSIVE now"));
        assertNull(ModelDependency.filesystemLock("seek data [0, 4096) of file"));
        Transition iRwsem = new Transition(0, "lock i_rwsem EXCLUSIVE", "lock invalidate_lock EXCLUSIVE");
        Transition ilock = new Transition(1, "lock ILOCK EXCLUSIVE", "unlock ILOCK");
        Transition inval = new Transition(1, "unlock invalidate_lock", "unlock ILOCK");
        Transition lookup = new Transition(1, "lock ILOCK SHARED", "find folio 0 of file");
        Transition started = new Transition(1, "start", "lock ILOCK SHARED");
        assertFalse(m.dependent(iRwsem, ilock));
        assertFalse(m.dependent(ilock, iRwsem));
        assertTrue(m.dependent(iRwsem, inval), "both name the invalidate_lock");
        assertTrue(m.dependent(inval, iRwsem));
        assertTrue(m.dependent(iRwsem, lookup));
        assertTrue(m.dependent(lookup, iRwsem));
        assertTrue(m.dependent(started, iRwsem));
        assertEquals("model locks", m.name());
        assertEquals(Set.of("ILOCK"), ModelDependency.bracketingLocks(ilock));
        assertEquals(Set.of("i_rwsem", "invalidate_lock"), ModelDependency.bracketingLocks(iRwsem));
        assertNull(ModelDependency.bracketingLocks(lookup));
        assertNull(ModelDependency.bracketingLocks(started));
        assertEquals(StepDependency.ALL, new ToyScenario("default", ViolationPolicy.THROW).dependency());
        assertTrue(StepDependency.ALL.dependent(ilock, iRwsem));
        assertEquals("all steps dependent", StepDependency.ALL.name());
    }

    // ---- seeded random scenarios against the full enumeration ----

    /** The world of a random scenario: shared variables, and each task's private digest of what it read. */
    static final class Vars {
        final LockValidator validator = new LockValidator(ViolationPolicy.THROW);
        final long[] value = {1, 2};
        final long[] digest;

        Vars(int tasks) {
            digest = new long[tasks];
        }
    }

    /**
     * Tasks of operations on two variables, each run right after its own point labelled
     * {@code r<v>} (read into the task's digest), {@code w<v>} (a non-commuting update) or
     * {@code b<v>} (read, and end the task when the value is even, so schedules differ in length).
     * Its relation is exact: two steps conflict when the operations after their starting points
     * touch the same variable and one writes; the start step touches nothing.
     */
    static final class RandomScenario implements Scenario<Vars> {
        final List<List<String>> ops;
        private final boolean reduced;

        RandomScenario(List<List<String>> ops, boolean reduced) {
            this.ops = ops;
            this.reduced = reduced;
        }

        static RandomScenario of(long seed, boolean reduced) {
            // Spread the small seeds: java.util.Random's first draws from 1, 2, 3... are alike.
            Random random = new Random(seed * 0x9E3779B97F4A7C15L);
            int tasks = 2 + random.nextInt(2);
            List<List<String>> ops = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                List<String> mine = new ArrayList<>();
                int n = 1 + random.nextInt(tasks == 2 ? 4 : 2);
                for (int i = 0; i < n; i++) {
                    mine.add("rwb".charAt(random.nextInt(3)) + "" + random.nextInt(2));
                }
                ops.add(mine);
            }
            return new RandomScenario(ops, reduced);
        }

        @Override
        public String name() {
            return "random " + ops;
        }

        @Override
        public List<String> taskNames() {
            List<String> names = new ArrayList<>();
            for (int t = 0; t < ops.size(); t++) {
                names.add("t" + t);
            }
            return names;
        }

        @Override
        public Vars newWorld() {
            return new Vars(ops.size());
        }

        @Override
        public LockValidator validator(Vars world) {
            return world.validator;
        }

        @Override
        public void run(Vars world, int taskId, TaskContext task) {
            for (String op : ops.get(taskId)) {
                task.schedulingPoint(op);
                int v = op.charAt(1) - '0';
                switch (op.charAt(0)) {
                    case 'r' -> world.digest[taskId] = world.digest[taskId] * 31 + world.value[v];
                    case 'w' -> world.value[v] = world.value[v] * 3 + taskId + 1;
                    default -> {
                        if (world.value[v] % 2 == 0) {
                            return;
                        }
                    }
                }
            }
        }

        @Override
        public String endState(Vars world) {
            return Arrays.toString(world.value) + " " + Arrays.toString(world.digest);
        }

        @Override
        public List<String> violationsAtRest(Vars world) {
            List<String> found = new ArrayList<>();
            if (world.value[0] % 5 == 0) {
                found.add("DATA_LOST: v0 = " + world.value[0]);
            }
            if (world.value[1] % 3 == 1) {
                found.add("CONTRACT: v1 = " + world.value[1]);
            }
            return found;
        }

        @Override
        public StepDependency dependency() {
            return reduced ? OPS : StepDependency.ALL;
        }

        static final StepDependency OPS = new StepDependency() {
            @Override
            public boolean dependent(Transition a, Transition b) {
                String x = a.what();
                String y = b.what();
                if (x.equals("start") || y.equals("start")) {
                    return false;
                }
                return x.charAt(1) == y.charAt(1) && (x.charAt(0) == 'w' || y.charAt(0) == 'w');
            }

            @Override
            public String name() {
                return "variables";
            }
        };
    }

    /**
     * The brute-force reference for a {@link RandomScenario}: its semantics replayed without threads
     * over every schedule, counting the schedules, the end states, the shortest schedule showing
     * each property, and the Mazurkiewicz traces (each schedule's Foata normal form: every step
     * labelled with the length of the longest chain of program-order and conflict edges ending at
     * it, which equivalent schedules share).
     */
    static final class BruteForce {
        final List<List<String>> ops;
        long schedules;
        final Set<String> endStates = new TreeSet<>();
        final Set<String> traces = new TreeSet<>();
        final Map<String, Integer> shortest = new TreeMap<>();

        BruteForce(List<List<String>> ops) {
            this.ops = ops;
            int tasks = ops.size();
            int[] beforeStart = new int[tasks];
            Arrays.fill(beforeStart, -1);
            run(new long[] {1, 2}, new long[tasks], beforeStart, new boolean[tasks], new ArrayList<>());
        }

        /** pc[t]: -1 before the start step, else the index of the next operation. */
        private void run(long[] value, long[] digest, int[] pc, boolean[] finished, List<Transition> steps) {
            boolean any = false;
            for (int t = 0; t < ops.size(); t++) {
                if (finished[t]) {
                    continue;
                }
                any = true;
                long[] v = value.clone();
                long[] d = digest.clone();
                int[] p = pc.clone();
                boolean[] f = finished.clone();
                String what = step(t, v, d, p, f);
                List<Transition> more = new ArrayList<>(steps);
                more.add(new Transition(t, what, ""));
                run(v, d, p, f, more);
            }
            if (!any) {
                schedules++;
                endStates.add(Arrays.toString(value) + " " + Arrays.toString(digest));
                traces.add(foata(steps));
                if (value[0] % 5 == 0) {
                    shortest.merge(Properties.DATA_LOST, steps.size(), Math::min);
                }
                if (value[1] % 3 == 1) {
                    shortest.merge(Properties.CONTRACT, steps.size(), Math::min);
                }
            }
        }

        /** Runs task t's next step as {@link RandomScenario#run} does; returns its starting point. */
        private String step(int t, long[] value, long[] digest, int[] pc, boolean[] finished) {
            if (pc[t] < 0) {
                pc[t] = 0;
                return "start";
            }
            String op = ops.get(t).get(pc[t]);
            int v = op.charAt(1) - '0';
            pc[t]++;
            switch (op.charAt(0)) {
                case 'r' -> digest[t] = digest[t] * 31 + value[v];
                case 'w' -> value[v] = value[v] * 3 + t + 1;
                default -> {
                    if (value[v] % 2 == 0) {
                        finished[t] = true;
                    }
                }
            }
            if (pc[t] == ops.get(t).size()) {
                finished[t] = true;
            }
            return op;
        }

        private static String foata(List<Transition> steps) {
            int[] level = new int[steps.size()];
            int[] indexInTask = new int[steps.size()];
            int[] seen = new int[steps.size() + 1];
            List<String> labelled = new ArrayList<>();
            for (int j = 0; j < steps.size(); j++) {
                Transition b = steps.get(j);
                indexInTask[j] = ++seen[b.taskId()];
                level[j] = 1;
                for (int i = 0; i < j; i++) {
                    Transition a = steps.get(i);
                    if (a.taskId() == b.taskId() || RandomScenario.OPS.dependent(a, b)) {
                        level[j] = Math.max(level[j], level[i] + 1);
                    }
                }
                labelled.add(level[j] + "/" + b.taskId() + "/" + indexInTask[j] + "/" + b.what());
            }
            Collections.sort(labelled);
            return String.join(" ", labelled);
        }
    }

    /** The reduced exploration against the brute force: outcomes, and one complete execution per trace. */
    private static Exploration assertMatchesBruteForce(List<List<String>> ops) {
        BruteForce b = new BruteForce(ops);
        Exploration reduced = EXPLORER.explore(new RandomScenario(ops, true));
        String report = reduced.report();
        assertTrue(reduced.complete(), report);
        assertEquals(b.endStates, reduced.endStates().keySet(), report);
        Map<String, Integer> shortest = new TreeMap<>();
        reduced.findings().forEach((property, f) -> shortest.put(property, f.schedule().size()));
        assertEquals(b.shortest, shortest, report);
        assertEquals(b.traces.size(), reduced.executions() - reduced.sleepBlocked(), report);
        return reduced;
    }

    @Test
    void sleepSetsStopAnExecutionEquivalentToAnExploredOne() {
        // Four tasks, 9! / (3! 2! 2! 2!) = 7560 schedules; the brute force counts 12 traces. Source-DPOR
        // is not optimal: measured, it also starts one execution that its sleep sets stop.
        List<List<String>> ops = List.of(List.of("r1", "w0"), List.of("w1"), List.of("r0"), List.of("w1"));
        BruteForce b = new BruteForce(ops);
        assertEquals(7560, b.schedules);
        assertEquals(12, b.traces.size());
        Exploration reduced = assertMatchesBruteForce(ops);
        assertEquals(1, reduced.sleepBlocked());
        assertEquals(13, reduced.executions());
        assertTrue(reduced.report().contains(", 1 stopped early by sleep sets\n"), reduced.report());
        assertEquals(12, reduced.endStates().values().stream().mapToLong(Long::longValue).sum(),
                "a stopped execution has no end state");
    }

    @Test
    void happensBeforeIsClosedTransitively() {
        // t0 branches on v0, then reads v1; t1 writes v0; t2 reads v0. Found by running seeds 1 to
        // 3000 of RandomScenario.of with and without the transitive closure of happens-before in
        // DporSearch.analyse: without it, this scenario's race analysis picks initials that do not
        // start the missing schedule and one of its 4 traces is never run (3 executions).
        List<List<String>> ops = List.of(List.of("b0", "r1"), List.of("w0"), List.of("r0"));
        BruteForce b = new BruteForce(ops);
        assertEquals(4, b.traces.size());
        Exploration reduced = assertMatchesBruteForce(ops);
        assertEquals(0, reduced.sleepBlocked());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void randomScenariosKeepEveryOutcome(long seed) {
        Exploration full = EXPLORER.explore(RandomScenario.of(seed, false));
        Exploration reduced = EXPLORER.explore(RandomScenario.of(seed, true));
        assertSameOutcome(full, reduced);
        BruteForce b = new BruteForce(RandomScenario.of(seed, true).ops);
        assertEquals(b.schedules, full.executions(), "the full enumeration runs every schedule");
        Exploration checked = assertMatchesBruteForce(RandomScenario.of(seed, true).ops);
        assertEquals(reduced.report(), checked.report());
        // Measured on these seeds (not a property of source-DPOR in general): no execution is
        // stopped by sleep sets, so every execution run is a distinct trace.
        assertEquals(0, reduced.sleepBlocked(), reduced.report());
        System.out.println("DPOR seed " + seed + " " + reduced.scenario() + ": full " + full.closingLine() + "; reduced "
                + reduced.closingLine() + ", " + reduced.sleepBlocked() + " stopped by sleep sets");
    }
}
