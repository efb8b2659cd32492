package dev.punchspec.verify.cli;

import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Exploration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the verdict table: a family explored against one generation, summed over its
 * members.
 */
final class Verdict {

    final String family;
    final Generation generation;
    long members;
    long incompleteMembers;
    long interleavings;
    /** Distinct end states summed over members (members differ in their parameters, so their states never coincide). */
    long endStates;
    long nanos;
    /** Per violated property: how many members showed it. */
    private final Map<String, Long> membersByProperty = new TreeMap<>();
    /** Per violated property: how many interleavings showed it, over all members. */
    private final Map<String, Long> interleavingsByProperty = new TreeMap<>();

    Verdict(String family, Generation generation) {
        this.family = family;
        this.generation = generation;
    }

    /** Adds one member's exploration. */
    void add(Exploration e) {
        members++;
        if (!e.complete()) {
            incompleteMembers++;
        }
        interleavings += e.executions();
        endStates += e.endStates().size();
        for (Exploration.Finding f : e.findings().values()) {
            membersByProperty.merge(f.property(), 1L, Long::sum);
            interleavingsByProperty.merge(f.property(), f.executions(), Long::sum);
        }
    }

    /** @return the members showing each violated property, by property name */
    Map<String, Long> membersByProperty() {
        return Collections.unmodifiableMap(membersByProperty);
    }

    /** @return the interleavings showing each violated property, by property name */
    Map<String, Long> interleavingsByProperty() {
        return Collections.unmodifiableMap(interleavingsByProperty);
    }

    /** @return the row's violations as {@code PROPERTY members/total, ...}, or {@code none} */
    String violationsText() {
        if (membersByProperty.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> v : membersByProperty.entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(v.getKey()).append(' ').append(v.getValue()).append('/').append(members);
        }
        return text.toString();
    }

    /** @return the wall time in seconds, one decimal */
    String secondsText() {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
