package dev.punchspec.key;

import java.util.Objects;

/** The outcome of one KeY proof attempt: one contract of one type. Immutable. */
public final class ContractResult {

    private final String typeName;
    private final String contractName;
    private final boolean closed;
    private final int nodes;
    private final int branches;
    private final int openGoals;
    private final double seconds;
    private final String intRules;
    private final String note;

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
     */
    public ContractResult(String typeName, String contractName, boolean closed, int nodes,
            int branches, int openGoals, double seconds, String intRules, String note) {
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ContractResult)) {
            return false;
        }
        ContractResult r = (ContractResult) o;
        return typeName.equals(r.typeName) && contractName.equals(r.contractName)
                && closed == r.closed && nodes == r.nodes && branches == r.branches
                && openGoals == r.openGoals && Double.compare(seconds, r.seconds) == 0
                && intRules.equals(r.intRules) && note.equals(r.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(typeName, contractName, closed, nodes, branches, openGoals, seconds,
                intRules, note);
    }

    @Override
    public String toString() {
        return (closed ? "CLOSED " : "OPEN   ") + contractName + " (" + nodes + " nodes, "
                + branches + " branches, " + String.format(java.util.Locale.ROOT, "%.1f", seconds)
                + " s" + (note.isEmpty() ? "" : ", " + note) + ")";
    }
}
