package dev.punchspec.verify.cli;

import dev.punchspec.api.Geometry;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Scenario;
import dev.punchspec.verify.fs.EofFaultScenario;
import dev.punchspec.verify.fs.FailedRewriteScenario;
import dev.punchspec.verify.fs.FsWorld;
import dev.punchspec.verify.fs.StoreRaceScenario;
import dev.punchspec.verify.scenario.FileScenario;
import dev.punchspec.verify.scenario.ScenarioSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
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

    /** The geometries of the store-race and failed-rewrite families in the default suite. */
    static final List<Geometry> TWO_BLOCK_SIZES = List.of(new Geometry(4, 4, 0), new Geometry(4, 2, 0));
    /** The EOF-fault family's geometries: sub-page blocks are where its leak shows. */
    static final List<Geometry> THREE_BLOCK_SIZES = List.of(new Geometry(4, 4, 0), new Geometry(4, 2, 0),
            new Geometry(4, 1, 0));

    /**
     * The default suite: every built-in family against every generation and variant, with the
     * bounds their tests sweep: generic/346's shape ({@link StoreRaceScenario#family}, 680 members,
     * 5 interleavings each with the staging of the real reproducer, as {@code StoreRaceFamilyTest});
     * a failed rewrite over delalloc the write did not reserve ({@link FailedRewriteScenario#family},
     * 296 members) and a fault spanning EOF then a failed write beyond it
     * ({@link EofFaultScenario#family}, 456 members), as {@code HistoricBugsTest}.
     *
     * @return the families
     */
    public static List<Family> defaultSuite() {
        return List.of(
                builtIn("failed-write-vs-store", StoreRaceScenario.family(TWO_BLOCK_SIZES, 4), StoreRaceScenario::new),
                builtIn("failed-rewrite", FailedRewriteScenario.family(TWO_BLOCK_SIZES, 3), FailedRewriteScenario::new),
                builtIn("eof-fault-then-failed-write", EofFaultScenario.family(THREE_BLOCK_SIZES, 5),
                        EofFaultScenario::new));
    }

    /** A built-in family: every member for every generation, within 300 steps and 1000 executions. */
    private static <P> Family builtIn(String name, List<P> params,
            BiFunction<P, Generation, Scenario<FsWorld>> scenario) {
        return new Family(name, new Explorer(300, 1000), g -> {
            List<Scenario<FsWorld>> members = new ArrayList<>();
            for (P p : params) {
                members.add(scenario.apply(p, g));
            }
            return members;
        }, List.of(Generation.values()));
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
