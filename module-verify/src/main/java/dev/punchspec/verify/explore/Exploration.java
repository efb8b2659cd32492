package dev.punchspec.verify.explore;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The result of exploring one scenario: what was covered (interleavings, distinct end states,
 * bounds, whether the search was complete) and, per violated property, how many interleavings
 * showed it and the shortest schedule that does.
 *
 * <p>{@link #report()} is deterministic: the same scenario and bounds give the same text byte for
 * byte. The wall time is kept apart ({@link #elapsedNanos()}, {@link #closingLine()}), since it
 * is not.
 */
public final class Exploration {

    /** {@link #reduction()} of the plain enumeration of every schedule. */
    public static final String NO_REDUCTION = "none (every schedule)";
    /** How {@link #reduction()} names the partial-order reduction, followed by its relation. */
    public static final String SOURCE_DPOR = "source-DPOR with sleep sets";

    /**
     * A violated property.
     *
     * @param property the property's name
     * @param executions how many interleavings showed it
     * @param detail the violation in the shortest schedule
     * @param schedule the shortest schedule showing it (first found among equally short ones)
     */
    public record Finding(String property, long executions, String detail, List<Step> schedule) {

        /** Copies the schedule. */
        public Finding {
            schedule = List.copyOf(schedule);
        }
    }

    private final String scenario;
    private final int maxSteps;
    private final long maxExecutions;
    private final boolean complete;
    private final long executions;
    private final long abandoned;
    private final long deadlocked;
    private final long sleepBlocked;
    private final String reduction;
    private final Map<String, Long> endStates;
    private final Map<String, Finding> findings;
    private final long elapsedNanos;

    private Exploration(Builder b, boolean complete, long elapsedNanos) {
        this.scenario = b.scenario;
        this.maxSteps = b.maxSteps;
        this.maxExecutions = b.maxExecutions;
        this.complete = complete;
        this.executions = b.executions;
        this.abandoned = b.abandoned;
        this.deadlocked = b.deadlocked;
        this.sleepBlocked = b.sleepBlocked;
        this.reduction = b.reduction;
        this.endStates = new TreeMap<>(b.endStates);
        this.findings = new TreeMap<>(b.findings);
        this.elapsedNanos = elapsedNanos;
    }

    /** @return the scenario's name */
    public String scenario() {
        return scenario;
    }

    /** @return whether every interleaving within the step bound was run */
    public boolean complete() {
        return complete;
    }

    /** @return the number of executions (interleavings) run */
    public long executions() {
        return executions;
    }

    /** @return how many executions the step bound cut short */
    public long abandoned() {
        return abandoned;
    }

    /** @return how many executions ended with tasks waiting for each other */
    public long deadlocked() {
        return deadlocked;
    }

    /**
     * @return how many executions the partial-order reduction stopped early because every enabled
     *     task was asleep (equivalent to an explored execution); they have no end state or findings
     */
    public long sleepBlocked() {
        return sleepBlocked;
    }

    /** @return which reduction ran: {@link #NO_REDUCTION}, or {@link #SOURCE_DPOR} and its relation */
    public String reduction() {
        return reduction;
    }

    /** @return each distinct end state with the number of interleavings reaching it, in text order */
    public Map<String, Long> endStates() {
        return Collections.unmodifiableMap(endStates);
    }

    /** @return the violated properties by name */
    public Map<String, Finding> findings() {
        return Collections.unmodifiableMap(findings);
    }

    /** @return the exploration's wall time in nanoseconds */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /**
     * The deterministic report: coverage, bounds, then each finding with its shortest schedule.
     *
     * @return the text, ending with a newline
     */
    public String report() {
        StringBuilder text = new StringBuilder();
        text.append("scenario ").append(scenario).append(": ").append(executions).append(" interleavings")
                .append(complete ? " (all)" : " (stopped at the bound of " + maxExecutions + ")")
                .append(", ").append(endStates.size()).append(" distinct end states")
                .append(", at most ").append(maxSteps).append(" steps each");
        if (abandoned > 0) {
            text.append(", ").append(abandoned).append(" cut short at that bound");
        }
        if (deadlocked > 0) {
            text.append(", ").append(deadlocked).append(" deadlocked");
        }
        if (sleepBlocked > 0) {
            text.append(", ").append(sleepBlocked).append(" stopped early by sleep sets");
        }
        text.append('\n');
        text.append("  reduction: ").append(reduction).append('\n');
        if (findings.isEmpty()) {
            text.append("  no property violated\n");
        }
        for (Finding f : findings.values()) {
            text.append("  ").append(f.property()).append(" in ").append(f.executions()).append(" interleavings; ")
                    .append("shortest schedule (").append(f.schedule().size()).append(" steps): ")
                    .append(f.detail()).append('\n');
            int n = 1;
            for (Step s : f.schedule()) {
                text.append("    ").append(n++).append(". task ").append(s.taskId()).append(": ").append(s.what())
                        .append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The line that closes a run, as a TLA+ model check closes: coverage and wall time.
     *
     * @return e.g. {@code 90 interleavings, 1 distinct end states, complete, in 41 ms}
     */
    public String closingLine() {
        return executions + " interleavings, " + endStates.size() + " distinct end states, "
                + (complete ? "complete" : "incomplete") + ", in " + elapsedNanos / 1_000_000 + " ms";
    }

    /** Accumulates executions in the order they run. */
    static final class Builder {
        private final String scenario;
        private final int maxSteps;
        private final long maxExecutions;
        private long executions;
        private long abandoned;
        private long deadlocked;
        private long sleepBlocked;
        private final String reduction;
        private final Map<String, Long> endStates = new TreeMap<>();
        private final Map<String, Finding> findings = new TreeMap<>();

        Builder(String scenario, int maxSteps, long maxExecutions, String reduction) {
            this.scenario = scenario;
            this.maxSteps = maxSteps;
            this.maxExecutions = maxExecutions;
            this.reduction = reduction;
        }

        long executions() {
            return executions;
        }

        void add(ExecutionRecord e) {
            executions++;
            if (e.sleepBlocked()) {
                // A prefix of an execution equivalent to one explored: nothing of its own to count.
                sleepBlocked++;
                return;
            }
            if (e.abandoned()) {
                abandoned++;
            } else {
                endStates.merge(e.endState(), 1L, Long::sum);
            }
            if (e.deadlocked()) {
                deadlocked++;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String violation : e.violations()) {
                String property = Properties.propertyOf(violation);
                if (seen.add(property)) {
                    record(property, violation, e.scheduleShowing(property));
                }
            }
        }

        private void record(String property, String violation, List<Step> steps) {
            Finding old = findings.get(property);
            if (old == null) {
                findings.put(property, new Finding(property, 1, violation, steps));
            } else if (steps.size() < old.schedule().size()) {
                findings.put(property, new Finding(property, old.executions() + 1, violation, steps));
            } else {
                findings.put(property, new Finding(property, old.executions() + 1, old.detail(), old.schedule()));
            }
        }

        Exploration build(boolean complete, long elapsedNanos) {
            return new Exploration(this, complete, elapsedNanos);
        }
    }
}
