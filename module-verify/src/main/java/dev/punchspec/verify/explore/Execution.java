package dev.punchspec.verify.explore;

import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.LockViolation;
import dev.punchspec.api.lock.SchedulingHook;
import dev.punchspec.api.lock.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One execution of a scenario under a schedule: the deterministic scheduler.
 *
 * <p>Implementation overview. Each task runs on a Java thread of its own (the api's
 * {@link SchedulingHook} obligation), but only one thread runs at a time: the thread that called
 * {@link #run} (the controller) and the task threads pass a baton. A task reaching a scheduling
 * point records what it is about to do, hands the baton back ({@code back}) and parks on its own
 * semaphore ({@code go}); the controller then picks the next task among the enabled ones and
 * releases it. Semaphore release/acquire pairs are happens-before edges, so the model's plain
 * fields, touched by one thread at a time, need no other synchronization. A task waiting for a
 * lock ({@link SchedulingHook#blockUntil}) is enabled only when its condition holds, evaluated by
 * the controller while every task is parked.
 *
 * <p>The schedule is a prefix of task ids, one per step, followed by the default choice: the
 * lowest enabled id; or, under the partial-order reduction, a {@link Chooser} that may also stop
 * the execution early (every enabled task asleep), which abandons it like the step bound does but
 * is recorded as stopped, not cut short. After every step, with every task parked or finished, the
 * controller runs the scenario's checks between steps ({@link Scenario#violationsAtStep}).
 * Re-running a prefix must reproduce its steps; a step whose prescribed task is not enabled means
 * the scenario is not deterministic, which is reported rather than explored ({@link Explorer}
 * compares the replayed steps too).
 * When no task is enabled but some are unfinished, they all wait for each other: the lowest such
 * task is woken with {@code false}, so the lock model reports the deadlock, and the execution goes
 * on until every task has finished. An execution that reaches the step bound is abandoned: every
 * parked task is woken to throw {@link Abandoned}, which unwinds it.
 *
 * <p>Every task has finished when {@link #run} returns or throws: a failure of the controller (a
 * scenario that is not deterministic) abandons the execution first. A task thread's last action is
 * the hand-back, so nothing is joined: the semaphore already orders everything the task did before
 * what the controller does next.
 *
 * <p>Rejected: running tasks as coroutines on one thread (the model code would have to be written
 * in continuation style) and stopping threads forcibly (unsafe; they unwind instead).
 *
 * @param <W> the scenario's world
 */
final class Execution<W> {

    /** Unwinds a task of an abandoned execution; never escapes the task's thread. */
    static final class Abandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("execution abandoned at its step bound", null, false, false);
        }
    }

    /**
     * Who picks the task of each step: a fixed schedule prefix then the lowest enabled task
     * ({@link #prefix}), or the partial-order reduction's search ({@link DporSearch}).
     */
    interface Chooser {
        /**
         * @param index the step's index in the execution
         * @param enabled the tasks that can run, ascending, not empty
         * @return the task to grant, or {@link #STOP} to end the execution here (every enabled task
         *     is in the reduction's sleep set)
         */
        int choose(int index, List<Integer> enabled);

        /**
         * Called after each step ran, including the forced wake-up of a deadlock (which
         * {@link #choose} is not asked about).
         *
         * @param index the step's index
         * @param transition what the step was, both ends
         */
        void executed(int index, Transition transition);

        /** {@link #choose}'s answer that stops the execution. */
        int STOP = -1;
    }

    /**
     * @param prefix the task ids of the first steps
     * @return the chooser that follows {@code prefix}, then grants the lowest enabled task
     */
    static Chooser prefix(List<Integer> prefix) {
        List<Integer> copy = List.copyOf(prefix);
        return new Chooser() {
            @Override
            public int choose(int index, List<Integer> enabled) {
                return index < copy.size() ? copy.get(index) : enabled.get(0);
            }

            @Override
            public void executed(int index, Transition transition) {
                // The lexicographic enumeration needs only the steps, which the record keeps.
            }
        };
    }

    private final Scenario<W> scenario;
    private final Chooser chooser;
    private final int maxSteps;
    private final W world;
    private final Semaphore back = new Semaphore(0);
    private final List<TaskThread> tasks = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    /** Each property's first violation between two steps, with the step it followed. */
    private final Map<String, String> atStep = new LinkedHashMap<>();
    /** For each property in {@link #atStep}, the number of steps run when it showed. */
    private final Map<String, Integer> atStepAfter = new LinkedHashMap<>();
    private boolean abandoned;
    private boolean deadlocked;
    private boolean stopped;

    /**
     * @param scenario the scenario, deterministic
     * @param prefix the task ids of the first steps
     * @param maxSteps the step bound, at least 1
     */
    Execution(Scenario<W> scenario, List<Integer> prefix, int maxSteps) {
        this(scenario, prefix(prefix), maxSteps);
    }

    /**
     * @param scenario the scenario, deterministic
     * @param chooser who picks each step's task
     * @param maxSteps the step bound, at least 1
     */
    Execution(Scenario<W> scenario, Chooser chooser, int maxSteps) {
        this.scenario = scenario;
        this.chooser = chooser;
        this.maxSteps = maxSteps;
        this.world = scenario.newWorld();
    }

    /** One task: its thread's body and its scheduling hook. */
    private final class TaskThread implements SchedulingHook {
        private final int id;
        private final String name;
        private final Semaphore go = new Semaphore(0);
        private String pending = "start";
        private @Nullable BooleanSupplier waitingFor;
        private boolean finished;
        private boolean wokenForDeadlock;
        private @Nullable Throwable failure;

        TaskThread(int id, String name) {
            this.id = id;
            this.name = name;
        }

        /** The task thread's body: wait for the first grant, run the task, hand back for good. */
        void run(TaskContext task) {
            try {
                park("start", null);
                scenario.run(world, id, task);
                task.exit();
            } catch (Abandoned a) {
                // The controller gave up on this execution; nothing to record.
            } catch (Throwable t) {
                failure = t;
            } finally {
                finished = true;
                back.release();
            }
        }

        @Override
        public void schedulingPoint(String what) {
            park(what, null);
        }

        @Override
        public boolean blockUntil(String what, BooleanSupplier ready) {
            park("woken: " + what, ready);
            waitingFor = null;
            boolean granted = !wokenForDeadlock;
            wokenForDeadlock = false;
            return granted;
        }

        private void park(String what, @Nullable BooleanSupplier ready) {
            pending = what;
            waitingFor = ready;
            back.release();
            go.acquireUninterruptibly();
            if (abandoned) {
                throw new Abandoned();
            }
        }

        private boolean enabled() {
            BooleanSupplier ready = waitingFor;
            return !finished && (ready == null || ready.getAsBoolean());
        }

        /** @return how reports name the task, e.g. {@code task 1 (writer)} */
        private String label() {
            return "task " + id + " (" + name + ")";
        }
    }

    /**
     * Runs the execution to its end: every task finished, or the step bound reached.
     *
     * @return what happened
     * @throws IllegalStateException if the scenario did not reproduce the prefix
     */
    ExecutionRecord run() {
        LockValidator validator = scenario.validator(world);
        List<String> names = scenario.taskNames();
        for (int id = 0; id < names.size(); id++) {
            TaskThread t = new TaskThread(id, names.get(id));
            TaskContext task = validator.newTask(id, names.get(id), t);
            tasks.add(t);
            new Thread(() -> t.run(task), threadName(scenario.name(), id)).start();
            back.acquireUninterruptibly();
        }
        try {
            schedule();
        } finally {
            if (!allFinished()) {
                abandon();
            }
        }
        return record(validator);
    }

    private void schedule() {
        while (!allFinished()) {
            if (steps.size() >= maxSteps) {
                return; // run() abandons what is left
            }
            List<Integer> enabled = new ArrayList<>();
            for (TaskThread t : tasks) {
                if (t.enabled()) {
                    enabled.add(t.id);
                }
            }
            if (enabled.isEmpty()) {
                TaskThread t = firstUnfinished();
                deadlocked = true;
                t.wokenForDeadlock = true;
                step(t, "deadlocked, " + t.pending, List.of());
                continue;
            }
            int index = steps.size();
            int chosen = chooser.choose(index, enabled);
            if (chosen == Chooser.STOP) {
                stopped = true;
                return; // run() abandons what is left
            }
            if (!enabled.contains(chosen)) {
                throw new IllegalStateException("scenario " + scenario.name() + " is not deterministic: step " + index
                        + " of the schedule grants task " + chosen + ", but on re-execution the enabled tasks are "
                        + enabled);
            }
            TaskThread t = tasks.get(chosen);
            step(t, t.pending, enabled);
        }
    }

    /**
     * Runs {@code t}'s next step, from the point {@code what}, and the scenario's checks after it.
     *
     * @param enabled the tasks that could have run (empty for a deadlock wake-up, which is forced)
     */
    private void step(TaskThread t, String what, List<Integer> enabled) {
        int index = steps.size();
        steps.add(new Step(t.id, what, enabled));
        grant(t);
        chooser.executed(index, transition(t, what));
        checkStep();
    }

    /** Runs the scenario's checks between steps; every task is parked or finished. */
    private void checkStep() {
        for (String violation : scenario.violationsAtStep(world)) {
            String property = Properties.propertyOf(violation);
            if (!atStep.containsKey(property)) {
                atStep.put(property, violation + " (after step " + steps.size() + ")");
                atStepAfter.put(property, steps.size());
            }
        }
    }

    /** The step {@code t} just ran from the point {@code what}: it ends where {@code t} parked, or at its exit. */
    private Transition transition(TaskThread t, String what) {
        return new Transition(t.id, what, t.finished ? Transition.EXIT : t.pending);
    }

    /**
     * @return the name of a task's thread, e.g. {@code punchspec-lost-update-task-1}
     */
    static String threadName(String scenarioName, int taskId) {
        return "punchspec-" + scenarioName + "-task-" + taskId;
    }

    private void grant(TaskThread t) {
        t.go.release();
        back.acquireUninterruptibly();
    }

    /**
     * Wakes unfinished tasks until none is left: each wake-up throws {@link Abandoned} in the task,
     * and a task unwinding through a scheduling point (an unlock in a {@code finally}) parks again
     * and is woken again.
     */
    private void abandon() {
        abandoned = true;
        while (!allFinished()) {
            grant(firstUnfinished());
        }
    }

    private boolean allFinished() {
        for (TaskThread t : tasks) {
            if (!t.finished) {
                return false;
            }
        }
        return true;
    }

    private TaskThread firstUnfinished() {
        for (TaskThread t : tasks) {
            if (!t.finished) {
                return t;
            }
        }
        throw new IllegalStateException("every task has finished");
    }

    private ExecutionRecord record(LockValidator validator) {
        List<String> violations = new ArrayList<>();
        for (LockViolation v : validator.violations()) {
            String property = v.kind() == LockViolation.Kind.DEADLOCK ? Properties.DEADLOCK : Properties.LOCK_ORDER;
            violations.add(property + ": " + String.valueOf(v.getMessage()).lines().findFirst().orElse(""));
        }
        for (TaskThread t : tasks) {
            Throwable failure = t.failure;
            if (failure != null && !(failure instanceof LockViolation)) {
                violations.add(Properties.TASK_EXCEPTION + ": " + t.label() + " threw " + failure);
            }
        }
        violations.addAll(atStep.values());
        if (!abandoned) {
            violations.addAll(scenario.violationsAtRest(world));
        }
        String endState = scenario.endState(world);
        return new ExecutionRecord(steps, endState, violations, atStepAfter, abandoned && !stopped, deadlocked,
                stopped);
    }
}
