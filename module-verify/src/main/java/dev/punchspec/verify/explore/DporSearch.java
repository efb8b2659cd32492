package dev.punchspec.verify.explore;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of a source-DPOR search with sleep sets (Abdulla, Aronis, Jonsson, Sagonas, POPL
 * 2014, Algorithm 1) over a stateless, re-executing explorer: the path of the current execution,
 * one node per step, each with its backtrack set, its sleep set and the tasks already explored
 * from it. It is the {@link Execution.Chooser} of every execution, and after each execution it
 * analyses the races of that execution and picks the next one.
 *
 * <p>Implementation overview. Algorithm 1 is recursive over a stored execution {@code E}; here
 * {@code E} is rebuilt by re-execution, so the recursion becomes a stack of {@link Node}s kept
 * across executions. An execution replays the choices of the nodes it shares with the previous one
 * ({@code replay} of them, the last with its new choice), then extends the path: at a new node
 * the sleep set is the parent's sleep set and explored tasks filtered by independence with the
 * parent's step, and the choice is the lowest enabled task not asleep (no such task: the execution
 * is sleep-set blocked and stopped). After the execution, {@link #analyse} finds every race
 * {@code e ⋖ e'} (dependent steps of different tasks with no step happening between them in
 * happens-before, which is program order plus dependency, transitively) and, with
 * {@code v = notdep(e, E).e'}, adds to the backtrack set of the node before {@code e} one of the
 * initials of {@code v} unless one is there already; {@link #advance} then finishes the deepest
 * node with a backtrack task neither explored nor asleep, and the next execution runs it.
 *
 * <p>Soundness (every Mazurkiewicz trace of the dependency relation, hence every distinct end
 * state and every violation, is reached; every trace's executions have the same length, so the
 * shortest counterexample is kept) is Abdulla et al.'s Theorem 5.1, given a valid relation
 * ({@link StepDependency}'s obligation). Two fittings keep it when a relation is weaker than the
 * paper assumes: an initial that is not enabled before {@code e} (the relation missed an enabling
 * dependency) makes the node backtrack every enabled task, as Flanagan and Godefroid's DPOR does;
 * and races are analysed on stopped and cut-short executions too. Sleep sets make the explored
 * complete executions pairwise inequivalent (at most one per trace); the price is the
 * sleep-set-blocked executions, which the report counts.
 *
 * <p>Determinism: nodes keep tasks in sorted sets and maps, choices are always the lowest id, and
 * races are visited in step order, so the same scenario gives the same sequence of executions.
 *
 * <p>Rejected: Flanagan and Godefroid's persistent-set DPOR (backtracks more on the same races);
 * optimal DPOR with wake-up trees (no sleep-set-blocked executions, but far more bookkeeping than
 * the small scenarios here need); stateful caching of visited states (the world is not a value
 * here and the threads cannot be snapshotted).
 */
final class DporSearch implements Execution.Chooser {

    /** One step of the current path: the state before it and how it was explored. */
    private static final class Node {
        /** Enabled tasks; empty at a deadlock wake-up, which has no alternative. */
        final List<Integer> enabled;
        /** Tasks asleep here, with the step each would take. */
        final Map<Integer, Transition> sleep;
        /** Tasks explored from here, with the step each took. */
        final Map<Integer, Transition> done = new TreeMap<>();
        /** Tasks to explore from here. */
        final TreeSet<Integer> backtrack = new TreeSet<>();
        int chosen;

        Node(List<Integer> enabled, Map<Integer, Transition> sleep, int chosen) {
            this.enabled = List.copyOf(enabled);
            this.sleep = sleep;
            this.chosen = chosen;
        }
    }

    private final StepDependency dependency;
    private final List<Node> path = new ArrayList<>();
    /** The steps the current execution ran from the path's nodes, one per node. */
    private final List<Transition> ran = new ArrayList<>();
    /** How many leading nodes the next execution replays (the last of them with its new choice). */
    private int replay;
    /** The sleep set of the node after the last executed step. */
    private Map<Integer, Transition> nextSleep = new TreeMap<>();

    /** @param dependency the scenario's relation */
    DporSearch(StepDependency dependency) {
        this.dependency = dependency;
    }

    /** @return how many leading steps the current execution replays from the previous one */
    int replayed() {
        return replay;
    }

    @Override
    public int choose(int index, List<Integer> enabled) {
        if (index < replay) {
            return path.get(index).chosen;
        }
        for (int task : enabled) {
            if (!nextSleep.containsKey(task)) {
                Node node = new Node(enabled, nextSleep, task);
                node.backtrack.add(task);
                path.add(node);
                return task;
            }
        }
        return STOP;
    }

    @Override
    public void executed(int index, Transition transition) {
        Node node;
        if (index < path.size()) {
            node = path.get(index);
        } else {
            // A deadlock wake-up: forced, nothing to choose or backtrack.
            node = new Node(List.of(), nextSleep, transition.taskId());
            path.add(node);
        }
        if (index < ran.size()) {
            ran.set(index, transition);
        } else {
            ran.add(transition);
        }
        Map<Integer, Transition> sleep = new TreeMap<>();
        addIndependent(sleep, node.sleep, transition);
        addIndependent(sleep, node.done, transition);
        nextSleep = sleep;
    }

    /**
     * Copies the tasks of {@code from} whose step is independent of {@code step}. Neither set holds
     * {@code step}'s own task: a node's choice is never asleep there nor explored before.
     */
    private void addIndependent(Map<Integer, Transition> into, Map<Integer, Transition> from, Transition step) {
        for (Map.Entry<Integer, Transition> e : from.entrySet()) {
            if (!dependency.dependent(e.getValue(), step)) {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Adds the backtrack points the races of the execution just run call for. The path holds
     * exactly that execution's steps: a stopped execution added no node for the step it did not
     * take.
     */
    void analyse() {
        int n = ran.size();
        Transition[] steps = ran.toArray(new Transition[0]);
        // before[j]: the steps that happen before step j (program order and dependency, closed).
        BitSet[] before = new BitSet[n];
        boolean[][] dependent = new boolean[n][];
        for (int j = 0; j < n; j++) {
            before[j] = new BitSet(n);
            dependent[j] = new boolean[j];
            for (int i = 0; i < j; i++) {
                boolean sameTask = steps[i].taskId() == steps[j].taskId();
                dependent[j][i] = !sameTask && dependency.dependent(steps[i], steps[j]);
                if (sameTask || dependent[j][i]) {
                    before[j].or(before[i]);
                    before[j].set(i);
                }
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                if (dependent[j][i] && isRace(before, i, j)) {
                    backtrackFor(steps, before, i, j);
                }
            }
        }
    }

    /** Whether no step between {@code i} and {@code j} happens after {@code i} and before {@code j}. */
    private static boolean isRace(BitSet[] before, int i, int j) {
        for (int k = before[j].nextSetBit(i + 1); k >= 0 && k < j; k = before[j].nextSetBit(k + 1)) {
            if (before[k].get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The race {@code i ⋖ j}: {@code v} is the steps after {@code i} that do not happen after it,
     * then {@code j}; one of {@code v}'s initials (the tasks whose first step in {@code v} has no
     * predecessor in {@code v}) must be explored from the node before {@code i}.
     */
    private void backtrackFor(Transition[] steps, BitSet[] before, int i, int j) {
        Node node = path.get(i);
        BitSet v = new BitSet();
        for (int k = i + 1; k < j; k++) {
            if (!before[k].get(i)) {
                v.set(k);
            }
        }
        v.set(j);
        TreeSet<Integer> initials = new TreeSet<>();
        TreeSet<Integer> seenTasks = new TreeSet<>();
        for (int k = v.nextSetBit(0); k >= 0; k = v.nextSetBit(k + 1)) {
            int task = steps[k].taskId();
            if (seenTasks.add(task) && !before[k].intersects(v)) {
                initials.add(task);
            }
        }
        for (int task : initials) {
            if (node.backtrack.contains(task)) {
                return;
            }
        }
        for (int task : initials) {
            if (node.enabled.contains(task)) {
                node.backtrack.add(task);
                return;
            }
        }
        // No initial can run here: the relation missed a dependency that enables one. Persistent
        // sets' fallback: explore every enabled task from this node.
        node.backtrack.addAll(node.enabled);
    }

    /**
     * Moves to the next execution: marks each finished node's choice explored, drops nodes with
     * nothing left, and at the deepest node with a backtrack task neither explored nor asleep
     * makes the lowest such task its new choice.
     *
     * @return whether there is a next execution
     */
    boolean advance() {
        while (!path.isEmpty()) {
            int last = path.size() - 1;
            Node node = path.get(last);
            node.done.put(node.chosen, ran.remove(last));
            for (int task : node.backtrack) {
                if (!node.done.containsKey(task) && !node.sleep.containsKey(task)) {
                    node.chosen = task;
                    replay = last + 1;
                    nextSleep = new TreeMap<>();
                    return true;
                }
            }
            path.remove(last);
        }
        return false;
    }
}
