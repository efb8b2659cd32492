package dev.punchspec.key;

import java.util.Objects;

/** The outcome of one KeY proof attempt: one contract of one type. Immutable. */
public final class ContractResult {

    /** How a proof came about. */
    public enum Route {
        /** Found by the automatic strategy (no saved proof, or none replayed a step). */
        SEARCH,
        /** Closed by replaying the saved proof alone. */
        REPLAY,
        /** The saved proof replayed part of the way, the strategy went on from there. */
        REPLAY_THEN_SEARCH
    }

    private final String typeName;
    private final String contractName;
    private final boolean closed;
    private final int nodes;
    private final int branches;
    private final int openGoals;
    private final double seconds;
    private final String intRules;
    private final String note;
    private final Route route;
    private final int replayedNodes;

    /**
     * Creates the result of a proof found by search alone.
     *
     * @param typeName fully qualified name of the type the contract belongs to
     * @param contractName KeY's unique contract name (as {@code --expect-open} takes it)
     * @param closed whether the proof closed
     * @param nodes proof tree nodes
     * @param branches proof tree branches
     * @param openGoals goals left open (0 when closed)
     * @param seconds wall-clock time of the proof search
     * @param intRules the {@code intRules} taclet choice the proof actually used
     * @param note why the proof is open (limit hit, error), empty if closed
     */
    public ContractResult(String typeName, String contractName, boolean closed, int nodes,
            int branches, int openGoals, double seconds, String intRules, String note) {
        this(typeName, contractName, closed, nodes, branches, openGoals, seconds, intRules, note,
                Route.SEARCH, 0);
    }

    /**
     * Creates a result.
     *
     * @param typeName fully qualified name of the type the contract belongs to
     * @param contractName KeY's unique contract name (as {@code --expect-open} takes it)
     * @param closed whether the proof closed
     * @param nodes proof tree nodes
     * @param branches proof tree branches
     * @param openGoals goals left open (0 when closed)
     * @param seconds wall-clock time of the proof search
     * @param intRules the {@code intRules} taclet choice the proof actually used
     * @param note why the proof is open (limit hit, error), empty if closed
     * @param route how the proof came about
     * @param replayedNodes the nodes the proof had after replaying its saved steps (0 for
     *     {@link Route#SEARCH}, {@code nodes} for {@link Route#REPLAY})
     */
    public ContractResult(String typeName, String contractName, boolean closed, int nodes,
            int branches, int openGoals, double seconds, String intRules, String note,
            Route route, int replayedNodes) {
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.contractName = Objects.requireNonNull(contractName, "contractName");
        if (nodes < 0 || branches < 0 || openGoals < 0) {
            throw new IllegalArgumentException("negative statistics for " + contractName
                    + ": nodes=" + nodes + " branches=" + branches + " openGoals=" + openGoals);
        }
        if (closed && openGoals != 0) {
            throw new IllegalArgumentException(
                    "closed proof with openGoals=" + openGoals + ": " + contractName);
        }
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("seconds must be >= 0: " + seconds);
        }
        this.closed = closed;
        this.nodes = nodes;
        this.branches = branches;
        this.openGoals = openGoals;
        this.seconds = seconds;
        this.intRules = Objects.requireNonNull(intRules, "intRules");
        this.note = Objects.requireNonNull(note, "note");
        this.route = Objects.requireNonNull(route, "route");
        boolean consistent = route == Route.SEARCH ? replayedNodes == 0
                : route == Route.REPLAY ? replayedNodes == nodes && closed
                : replayedNodes > 0 && replayedNodes <= nodes;
        if (!consistent) {
            throw new IllegalArgumentException("route " + route + " with " + replayedNodes
                    + " replayed of " + nodes + " nodes (closed=" + closed + "): " + contractName);
        }
        this.replayedNodes = replayedNodes;
    }

    /** Fully qualified name of the type the contract belongs to. */
    public String typeName() {
        return typeName;
    }

    /** KeY's unique contract name. */
    public String contractName() {
        return contractName;
    }

    /** Whether the proof closed. */
    public boolean closed() {
        return closed;
    }

    /** Proof tree nodes. */
    public int nodes() {
        return nodes;
    }

    /** Proof tree branches. */
    public int branches() {
        return branches;
    }

    /** Goals left open. */
    public int openGoals() {
        return openGoals;
    }

    /** Wall-clock seconds of the proof search. */
    public double seconds() {
        return seconds;
    }

    /** The {@code intRules} choice this proof used, as read back from it. */
    public String intRules() {
        return intRules;
    }

    /** Why the proof is open, empty if it closed. */
    public String note() {
        return note;
    }

    /** How the proof came about. */
    public Route route() {
        return route;
    }

    /** The nodes replayed from the saved proof (0 when none was). */
    public int replayedNodes() {
        return replayedNodes;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ContractResult)) {
            return false;
        }
        ContractResult r = (ContractResult) o;
        return typeName.equals(r.typeName) && contractName.equals(r.contractName)
                && closed == r.closed && nodes == r.nodes && branches == r.branches
                && openGoals == r.openGoals && Double.compare(seconds, r.seconds) == 0
                && intRules.equals(r.intRules) && note.equals(r.note) && route == r.route
                && replayedNodes == r.replayedNodes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(typeName, contractName, closed, nodes, branches, openGoals, seconds,
                intRules, note, route, replayedNodes);
    }

    @Override
    public String toString() {
        return (closed ? "CLOSED " : "OPEN   ") + contractName + " (" + nodes + " nodes, "
                + branches + " branches, " + String.format(java.util.Locale.ROOT, "%.1f", seconds)
                + " s, " + routeText() + (note.isEmpty() ? "" : ", " + note) + ")";
    }

    /** The route as the report prints it, e.g. {@code replayed 1200 nodes, then search}. */
    public String routeText() {
        switch (route) {
            case REPLAY:
                return "replayed";
            case REPLAY_THEN_SEARCH:
                return "replayed " + replayedNodes + " nodes, then search";
            default:
                return "search";
        }
    }
}
