package dev.punchspec.verify.cli;

import dev.punchspec.api.Geometry;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Scenario;
import dev.punchspec.verify.fs.FsWorld;
import dev.punchspec.verify.fs.StoreRaceScenario;
import dev.punchspec.verify.scenario.FileScenario;
import dev.punchspec.verify.scenario.ScenarioSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A row group of the verdict table: a name, the explorer (with its bounds) and the members it
 * explores for a generation. A built-in family enumerates its parameters completely; a scenario
 * file is a family of one member.
 *
 * @param name the family's name, the table's first column
 * @param explorer the explorer and its bounds
 * @param members the members for a generation
 * @param generations the generations the family runs against when the command names none
 */
public record Family(String name, Explorer explorer, Function<Generation, List<Scenario<FsWorld>>> members,
        List<Generation> generations) {

    /** Copies the list. */
    public Family {
        generations = List.copyOf(generations);
    }

    /** The store-race family's geometries in the default suite (as {@code StoreRaceFamilyTest} sweeps it). */
    static final List<Geometry> STORE_RACE_GEOMETRIES = List.of(new Geometry(4, 4, 0), new Geometry(4, 2, 0));
    /** The store-race family's bound on sizes, write ends and store bytes in the default suite. */
    static final long STORE_RACE_MAX_FILE_BYTE = 4;

    /**
     * The default suite: every built-in family against every generation and variant. For now one
     * family, generic/346's shape ({@link StoreRaceScenario#family}, 680 members, 5 interleavings
     * each with the staging of the real reproducer); families the explorer issue adds go here.
     *
     * @return the families
     */
    public static List<Family> defaultSuite() {
        return List.of(new Family("failed-write-vs-store", new Explorer(300, 1000), g -> {
            List<Scenario<FsWorld>> members = new ArrayList<>();
            for (StoreRaceScenario.Params p : StoreRaceScenario.family(STORE_RACE_GEOMETRIES,
                    STORE_RACE_MAX_FILE_BYTE)) {
                members.add(new StoreRaceScenario(p, g));
            }
            return members;
        }, List.of(Generation.values())));
    }

    /**
     * A scenario file as a family of one member, with the file's bounds and generations.
     *
     * @param spec the loaded file
     * @return the family
     */
    public static Family of(ScenarioSpec spec) {
        return new Family(spec.name(), new Explorer(spec.maxSteps(), spec.maxExecutions()),
                g -> List.of(new FileScenario(spec, g)), spec.generations());
    }
}
