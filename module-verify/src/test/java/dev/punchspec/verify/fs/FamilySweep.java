package dev.punchspec.verify.fs;

import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Exploration;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a sweep of a family found for one generation: members, interleavings, incomplete
 * explorations, end states, and the members violating each property. Used by the family tests
 * ({@link StoreRaceFamilyTest}, {@link HistoricBugsTest}); each sweep prints one {@code SWEEP}
 * line with its counts and time.
 *
 * @param <P> the family's member parameters
 */
final class FamilySweep<P> {

    long members;
    long interleavings;
    long incomplete;
    long endStates;
    final Map<String, List<P>> byProperty = new TreeMap<>();

    private FamilySweep() {
    }

    /**
     * Explores every member.
     *
     * @param explorer the explorer and its bounds
     * @param family the family's name, for the printed line
     * @param g the generation the members run
     * @param members the members' parameters
     * @param scenario the scenario of a member
     * @return what the sweep found
     */
    static <P> FamilySweep<P> of(Explorer explorer, String family, Generation g, List<P> members,
            Function<P, Scenario<FsWorld>> scenario) {
        long started = System.nanoTime();
        FamilySweep<P> s = new FamilySweep<>();
        for (P p : members) {
            Exploration e = explorer.explore(scenario.apply(p));
            s.members++;
            s.interleavings += e.executions();
            s.endStates += e.endStates().size();
            if (!e.complete()) {
                s.incomplete++;
            }
            for (String property : e.findings().keySet()) {
                s.byProperty.computeIfAbsent(property, k -> new ArrayList<>()).add(p);
            }
        }
        System.out.println("SWEEP " + family + " " + g.kernelName() + ": " + s.members + " members, "
                + s.interleavings + " interleavings, " + s.endStates + " end states, " + s.incomplete
                + " incomplete, " + s.counts() + ", in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return s;
    }

    /** @return how many members violated each property */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        byProperty.forEach((k, v) -> out.put(k, (long) v.size()));
        return out;
    }
}
