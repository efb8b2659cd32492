package dev.punchspec.verify.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExplorerTest {

    private static final Explorer EXPLORER = new Explorer(100, 100_000);

    /** The finding of {@code property}, failing the test with the report when there is none. */
    private static Exploration.Finding finding(Exploration e, String property) {
        Exploration.Finding f = e.findings().get(property);
        if (f == null) {
            throw new AssertionError(property + " not found in\n" + e.report());
        }
        return f;
    }

    /** A scenario of independent tasks, task i passing points[i] scheduling points. */
    static ToyScenario points(int... points) {
        ToyScenario s = new ToyScenario("points", ViolationPolicy.THROW);
        for (int i = 0; i < points.length; i++) {
            int n = points[i];
            s.task("t" + i, (w, task) -> {
                for (int p = 0; p < n; p++) {
                    task.schedulingPoint("point " + p);
                }
            });
        }
        return s;
    }

    /** Brute force: the number of interleavings of sequences of the given lengths. */
    private static long interleavings(int[] lengths) {
        long count = 0;
        boolean any = false;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] > 0) {
                any = true;
                lengths[i]--;
                count += interleavings(lengths);
                lengths[i]++;
            }
        }
        return any ? count : 1;
    }

    @ParameterizedTest
    @CsvSource({"0", "3", "0;0", "1;1", "2;1", "1;1;1", "2;2;1", "3;0;2"})
    void runsEveryInterleavingExactlyOnce(String spec) {
        String[] parts = spec.split(";");
        int[] points = new int[parts.length];
        int[] grants = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            points[i] = Integer.parseInt(parts[i]);
            grants[i] = points[i] + 1; // the start, then each point
        }
        Exploration e = EXPLORER.explore(points(points));
        assertEquals(interleavings(grants), e.executions(), spec);
        assertTrue(e.complete());
        assertEquals(Map.of("x=0", e.executions()), e.endStates());
        assertEquals(Map.of(), e.findings());
        assertEquals(0, e.abandoned());
        assertEquals(0, e.deadlocked());
    }

    // Each task releases only the lock it took itself (balanced), never one its caller holds; the
    // Lock Checker counts the lambdas' unlocks against this method.
    @SuppressWarnings("lock:method.guarantee.violated")
    private static ToyScenario lostUpdate(boolean locked) {
        ToyScenario s = new ToyScenario(locked ? "locked-update" : "lost-update", ViolationPolicy.THROW, LockRank.I_RWSEM);
        for (String name : List.of("a", "b")) {
            s.task(name, (w, task) -> {
                ModelLock lock = w.locks.get(0);
                if (locked) {
                    lock.lock(task, LockMode.EXCLUSIVE);
                }
                int seen = w.x;
                task.schedulingPoint("write x");
                w.x = seen + 1;
                if (locked) {
                    lock.unlock(task);
                }
            });
        }
        return s.checkAtRest(w -> w.x == 2 ? List.of() : List.of("DATA_LOST: x = " + w.x + ", expected 2"));
    }

    @Test
    void findsTheLostUpdateWithItsShortestSchedule() {
        Exploration e = EXPLORER.explore(lostUpdate(false));
        assertEquals(6, e.executions());
        assertEquals(Map.of("x=1", 4L, "x=2", 2L), e.endStates());
        assertEquals("scenario lost-update: 6 interleavings (all), 2 distinct end states, at most 100 steps each\n"
                + "  reduction: none (every schedule)\n"
                + "  DATA_LOST in 4 interleavings; shortest schedule (4 steps): DATA_LOST: x = 1, expected 2\n"
                + "    1. task 0: start\n"
                + "    2. task 1: start\n"
                + "    3. task 0: write x\n"
                + "    4. task 1: write x\n", e.report());
        Exploration.Finding f = finding(e, Properties.DATA_LOST);
        assertEquals(List.of(0, 1), f.schedule().get(1).enabled());
    }

    @Test
    void theLockPreventsIt() {
        Exploration e = EXPLORER.explore(lostUpdate(true));
        assertEquals(Map.of("x=2", e.executions()), e.endStates());
        assertEquals(Map.of(), e.findings());
        assertTrue(e.executions() > 6, "lock points add interleavings: " + e.executions());
        assertTrue(e.report().endsWith("  no property violated\n"), e.report());
    }

    @Test
    void theSameScenarioGivesTheSameReport() {
        assertEquals(EXPLORER.explore(lostUpdate(false)).report(), EXPLORER.explore(lostUpdate(false)).report());
        assertEquals(EXPLORER.explore(lostUpdate(true)).report(), EXPLORER.explore(lostUpdate(true)).report());
    }

    /** Task 0 takes L0 then L1; task 1 takes L1 then L0: lockdep reports the inversion, some schedules deadlock. */
    // Balanced lock/unlock in each task, as in lostUpdate.
    @SuppressWarnings("lock:method.guarantee.violated")
    static ToyScenario abba(ViolationPolicy policy) {
        ToyScenario s = new ToyScenario("abba", policy, LockRank.I_RWSEM, LockRank.INVALIDATE_LOCK);
        int[][] orders = {{0, 1}, {1, 0}};
        for (int t = 0; t < 2; t++) {
            int[] order = orders[t];
            s.task("t" + t, (w, task) -> {
                ModelLock first = w.locks.get(order[0]);
                ModelLock second = w.locks.get(order[1]);
                first.lock(task, LockMode.EXCLUSIVE);
                second.lock(task, LockMode.EXCLUSIVE);
                w.x++;
                second.unlock(task);
                first.unlock(task);
            });
        }
        return s;
    }

    @Test
    void findsTheDeadlockAndTheOrderInversion() {
        Exploration e = EXPLORER.explore(abba(ViolationPolicy.RECORD));
        assertTrue(e.complete());
        assertTrue(e.deadlocked() > 0 && e.deadlocked() < e.executions(), e.report());
        assertEquals(List.of(Properties.DEADLOCK, Properties.LOCK_ORDER), List.copyOf(e.findings().keySet()));
        List<Step> deadlock = finding(e, Properties.DEADLOCK).schedule();
        Step last = deadlock.get(deadlock.size() - 1);
        assertEquals(List.of(), last.enabled(), "the schedule ends with the wake-up that reports the deadlock");
        assertTrue(last.what().startsWith("deadlocked, woken: "), last.what());
        assertTrue(finding(e, Properties.DEADLOCK).detail().startsWith("DEADLOCK: LOCK_ORDER DEADLOCK"),
                finding(e, Properties.DEADLOCK).detail());
        assertTrue(e.report().contains(e.deadlocked() + " deadlocked"), e.report());
        // Runs that do not deadlock complete both increments.
        assertTrue(e.endStates().containsKey("x=2"), e.endStates().toString());
    }

    @Test
    void aTaskEndingWithALockHeldIsALockOrderFinding() {
        ToyScenario s = new ToyScenario("held", ViolationPolicy.RECORD, LockRank.ILOCK)
                .task("leaky", (w, task) -> {
                    ModelLock lock = w.locks.get(0);
                    lock.lock(task, LockMode.EXCLUSIVE);
                });
        Exploration e = EXPLORER.explore(s);
        assertEquals(1, e.executions());
        assertTrue(finding(e, Properties.LOCK_ORDER).detail().contains("HELD_AT_EXIT"),
                finding(e, Properties.LOCK_ORDER).detail());
    }

    @Test
    void anExceptionInATaskIsReportedWithTheTask() {
        ToyScenario s = new ToyScenario("boom", ViolationPolicy.THROW)
                .task("quiet", (w, task) -> task.schedulingPoint("p"))
                .task("thrower", (w, task) -> {
                    throw new IllegalStateException("boom");
                });
        Exploration e = EXPLORER.explore(s);
        assertEquals(3, e.executions());
        Exploration.Finding f = finding(e, Properties.TASK_EXCEPTION);
        assertEquals(3, f.executions());
        assertEquals("TASK_EXCEPTION: task 1 (thrower) threw java.lang.IllegalStateException: boom", f.detail());
        assertEquals(3, f.schedule().size(), "every run has three steps: start and p of task 0, start of task 1");
    }

    @Test
    void theExecutionBoundStopsTheSearchAndSaysSo() {
        long before = System.nanoTime();
        Exploration e = new Explorer(100, 2).explore(points(1, 1));
        long around = System.nanoTime() - before;
        assertTrue(e.elapsedNanos() > 0 && e.elapsedNanos() <= around, e.elapsedNanos() + " within " + around);
        assertEquals("points", e.scenario());
        assertEquals("2 interleavings, 1 distinct end states, incomplete, in " + e.elapsedNanos() / 1_000_000 + " ms",
                e.closingLine());
        assertEquals(2, e.executions());
        assertFalse(e.complete());
        assertTrue(e.report().startsWith("scenario points: 2 interleavings (stopped at the bound of 2), 1 distinct end states"),
                e.report());
        assertTrue(e.closingLine().matches("2 interleavings, 1 distinct end states, incomplete, in \\d+ ms"),
                e.closingLine());
        before = System.nanoTime();
        Exploration all = new Explorer(100, 6).explore(points(1, 1));
        around = System.nanoTime() - before;
        assertTrue(all.elapsedNanos() > 0 && all.elapsedNanos() <= around, all.elapsedNanos() + " within " + around);
        assertTrue(all.complete(), "the bound equal to the count still completes");
        assertTrue(all.closingLine().matches("6 interleavings, 1 distinct end states, complete, in \\d+ ms"),
                all.closingLine());
        assertTrue(all.elapsedNanos() > 0);
    }

    @Test
    void theStepBoundAbandonsAnEndlessTask() {
        ToyScenario s = new ToyScenario("spin", ViolationPolicy.THROW)
                .task("spinner", (w, task) -> {
                    while (true) {
                        task.schedulingPoint("spin");
                    }
                })
                .checkAtRest(w -> List.of("DATA_LOST: never checked for an abandoned run"));
        Exploration e = new Explorer(5, 10).explore(s);
        assertEquals(1, e.executions());
        assertEquals(1, e.abandoned());
        assertEquals(Map.of(), e.endStates(), "an abandoned run has no end state");
        assertEquals(Map.of(), e.findings(), "nor checks at rest");
        assertTrue(e.report().contains("at most 5 steps each, 1 cut short at that bound"), e.report());
    }

    @Test
    void theStepBoundCutsTheRunExactlyThere() {
        // Task 0 has 3 grants (start, two points); a bound of 3 steps lets exactly that run finish.
        ToyScenario s = points(2);
        assertEquals(0, new Explorer(3, 10).explore(s).abandoned());
        assertEquals(1, new Explorer(2, 10).explore(s).abandoned());
    }

    @Test
    void aScenarioThatChangesBetweenRunsIsRejected() {
        AtomicInteger runs = new AtomicInteger();
        ToyScenario s = new ToyScenario("drifting", ViolationPolicy.THROW)
                .task("t0", (w, task) -> {
                    if (runs.getAndIncrement() == 0) {
                        task.schedulingPoint("p");
                        task.schedulingPoint("q");
                    }
                })
                .task("t1", (w, task) -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EXPLORER.explore(s));
        assertEquals("scenario drifting is not deterministic: step 1 of the schedule grants task 0, but on"
                + " re-execution the enabled tasks are [1]", e.getMessage());
        // The failed execution was abandoned: task 1, parked at its start, unwound and ended. A
        // parked thread would stay alive forever; an unwinding one ends within moments.
        String name = Execution.threadName("drifting", 1);
        assertEquals("punchspec-drifting-task-1", name);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (threadAlive(name) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(threadAlive(name), name + " is still parked");
    }

    /** Task 0 sets x to 1 and back to 0 around a point; task 1 passes one point; x = 1 is a violation between steps. */
    private static ToyScenario transientFlip() {
        return new ToyScenario("transient", ViolationPolicy.THROW)
                .task("flipper", (w, task) -> {
                    w.x = 1;
                    task.schedulingPoint("restore");
                    w.x = 0;
                })
                .task("other", (w, task) -> task.schedulingPoint("look"))
                .checkAtStep(w -> w.x == 1 ? List.of("CONTRACT: x is 1") : List.of());
    }

    @Test
    void aViolationBetweenStepsIsFoundThoughTheEndStateIsClean() {
        Exploration e = EXPLORER.explore(transientFlip());
        // Two tasks of two steps each: 4! / (2! 2!) = 6 schedules, all ending with x = 0.
        assertEquals(Map.of("x=0", 6L), e.endStates());
        Exploration.Finding f = finding(e, Properties.CONTRACT);
        assertEquals(6, f.executions());
        assertEquals("CONTRACT: x is 1 (after step 1)", f.detail(), e.report());
        assertEquals(List.of(new Step(0, "start", List.of(0, 1))), f.schedule(), "the schedule ends at the step shown");
        assertEquals(List.of(Properties.CONTRACT), List.copyOf(e.findings().keySet()));
    }

    @Test
    void eachPropertyBetweenStepsIsReportedOnceAtItsFirstStep() {
        // flipper's start, then other's two steps while x is still 1, then flipper's restore:
        // x = 1 after steps 1, 2 and 3, reported once, after step 1; after step 2 in the other order.
        ExecutionRecord r = new Execution<>(transientFlip(), List.of(0, 1, 1, 0), 100).run();
        assertEquals(List.of("CONTRACT: x is 1 (after step 1)"), r.violations());
        assertEquals(1, r.scheduleShowing(Properties.CONTRACT).size());
        assertEquals(4, r.scheduleShowing(Properties.DATA_LOST).size(), "not shown between steps: every step");
        assertEquals(List.of("CONTRACT: x is 1 (after step 2)"),
                new Execution<>(transientFlip(), List.of(1, 0, 1, 0), 100).run().violations());
    }

    /** Task 0 stops early once task 1 has run, so later interleavings are shorter than the first. */
    @Test
    void theShortestScheduleIsKeptAndEveryExecutionCountedOnce() {
        ToyScenario s = new ToyScenario("shorter-later", ViolationPolicy.THROW)
                .task("waiter", (w, task) -> {
                    for (int i = 0; i < 3 && w.x == 0; i++) {
                        task.schedulingPoint("poll " + i);
                    }
                })
                .task("setter", (w, task) -> w.x = 1)
                .checkAtRest(w -> List.of("DATA_LOST: first", "DATA_LOST: second", "CONTRACT: once"));
        Exploration e = EXPLORER.explore(s);
        Exploration.Finding f = finding(e, Properties.DATA_LOST);
        assertEquals(e.executions(), f.executions(), "an execution showing a property twice counts once");
        assertEquals(e.executions(), finding(e, Properties.CONTRACT).executions());
        assertEquals(2, f.schedule().size(), "setter first, then the waiter sees x = 1 at once: " + e.report());
        assertEquals("DATA_LOST: first", f.detail());
        assertEquals(5, e.executions(), e.report());
    }

    @Test
    void aReplayThatDiffersIsRejected() {
        AtomicInteger runs = new AtomicInteger();
        ToyScenario s = new ToyScenario("relabelled", ViolationPolicy.THROW)
                .task("t0", (w, task) -> {
                    task.schedulingPoint("p" + runs.getAndIncrement());
                    task.schedulingPoint("q");
                })
                .task("t1", (w, task) -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EXPLORER.explore(s));
        assertEquals("scenario relabelled is not deterministic: step 1 was Step[taskId=0, what=p0, enabled=[0, 1]],"
                + " on re-execution Step[taskId=0, what=p1, enabled=[0, 1]]", e.getMessage());
    }

    @Test
    void checkReplayComparesExactlyTheReplayedSteps() {
        Step a = new Step(0, "start", List.of(0, 1));
        Step b = new Step(1, "start", List.of(0, 1));
        Explorer.checkReplay("s", List.of(a, b), List.of(a, a), 1);
        Explorer.checkReplay("s", List.of(a), List.of(), 0);
        assertEquals("scenario s is not deterministic: step 1 was " + b + ", on re-execution " + a,
                assertThrows(IllegalStateException.class,
                        () -> Explorer.checkReplay("s", List.of(a, b), List.of(a, a), 2)).getMessage());
        assertEquals("scenario s is not deterministic: step 1 was " + b + ", on re-execution the run had ended",
                assertThrows(IllegalStateException.class,
                        () -> Explorer.checkReplay("s", List.of(a, b), List.of(a), 2)).getMessage());
    }

    @Test
    void anAbandonedTaskUnwindsThroughEveryFinallyPoint() {
        List<String> unwound = new ArrayList<>();
        ToyScenario s = new ToyScenario("nested", ViolationPolicy.THROW)
                .task("spinner", (w, task) -> {
                    try {
                        try {
                            try {
                                while (true) {
                                    task.schedulingPoint("spin");
                                }
                            } finally {
                                unwound.add("inner");
                                task.schedulingPoint("inner cleanup");
                            }
                        } finally {
                            unwound.add("middle");
                            task.schedulingPoint("middle cleanup");
                        }
                    } finally {
                        unwound.add("outer");
                        task.schedulingPoint("outer cleanup");
                    }
                });
        Exploration e = new Explorer(3, 10).explore(s);
        assertEquals(1, e.abandoned());
        assertEquals(List.of("inner", "middle", "outer"), unwound);
    }

    @Test
    void boundsBelowOneAreRejectedByName() {
        assertEquals("maxSteps = 0: must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> new Explorer(0, 1)).getMessage());
        assertEquals("maxExecutions = 0: must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> new Explorer(1, 0)).getMessage());
        assertEquals(1, new Explorer(1, 1).explore(points(0)).executions());
    }

    @Test
    void nextPrefixIsTheLexicographicSuccessor() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(0, "start", List.of(0, 1, 2)));
        steps.add(new Step(1, "start", List.of(1, 2)));
        steps.add(new Step(1, "p", List.of(1)));
        assertEquals(List.of(0, 2), Explorer.nextPrefix(steps));
        steps.set(1, new Step(2, "start", List.of(1, 2)));
        assertEquals(List.of(1), Explorer.nextPrefix(steps));
        assertNull(Explorer.nextPrefix(List.of(new Step(2, "start", List.of(0, 1, 2)), new Step(0, "d", List.of()))));
        assertNull(Explorer.nextPrefix(List.of()));
    }

    @Test
    void stepsAndPropertyNamesAreValidated() {
        assertEquals("taskId = 3 is not among the enabled tasks [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> new Step(3, "x", List.of(0, 1))).getMessage());
        assertEquals(List.of(), new Step(3, "deadlocked", List.of()).enabled());
        assertEquals("DATA_LOST", Properties.propertyOf("DATA_LOST: x"));
        assertEquals("violation = \"nothing\": expected \"PROPERTY: detail\"",
                assertThrows(IllegalArgumentException.class, () -> Properties.propertyOf("nothing")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Properties.propertyOf(": detail"));
    }

    private static boolean threadAlive(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return true;
            }
        }
        return false;
    }
}
