package dev.punchspec.verify.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Exploration;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Properties;
import dev.punchspec.verify.fs.FailedRewriteScenario.Earlier;
import dev.punchspec.verify.fs.FailedRewriteScenario.Params;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two members of {@link FailedRewriteScenario} explored for each generation (one interleaving
 * each, fast), and the family's enumeration and validation. The sweep of the whole family is in
 * {@link HistoricBugsTest}.
 *
 * <p>Why {@code no-f-new} loses data here, from the model's state: a completed write of
 * {@code [0, 1)} on 4-byte blocks reserved block 0 and left folio 0 dirty, {@code i_size} 1. The
 * rewrite of {@code [0, 1)} copies nothing; its {@code ->iomap_begin} mapped block 0 as the
 * existing delalloc, without {@code IOMAP_F_NEW}. The seed-era cleanup then returns; the variant
 * releases {@code [0, 4)}: the walk, clamped to {@code i_size}, keeps {@code [0, 1)} (dirty folio)
 * and the final punch runs over {@code [1, 4)}, which starts inside block 0. XFS rounds the start
 * down and removes block 0's reservation under the earlier write's dirty byte
 * ({@code DIRTY_WITHOUT_RESERVATION} right after the punch; {@code CONTRACT}: the punch was
 * passed a partial block); writeback then finds a hole and skips the byte ({@code DATA_LOST}).
 */
class FailedRewriteScenarioTest {

    private static final Explorer EXPLORER = new Explorer(300, 1000);
    private static final Geometry PAGE4_BLOCK4 = new Geometry(4, 4, 0);
    private static final Geometry PAGE4_BLOCK2 = new Geometry(4, 2, 0);
    /** A completed write of [0, 1) into an empty file, then a rewrite of [0, 1) that copies nothing. */
    static final Params OVER_WRITE = new Params(PAGE4_BLOCK4, 0, Earlier.WRITE, 0, 1, 0, 1, 0);
    /** A store at byte 2 of a 3-byte file on 2-byte blocks, then a rewrite of [2, 3) that copies nothing. */
    static final Params OVER_STORE = new Params(PAGE4_BLOCK2, 3, Earlier.STORE, 2, 1, 2, 1, 0);

    @Test
    void noFNewPunchesTheEarlierWritesReservation() {
        Exploration e = EXPLORER.explore(new FailedRewriteScenario(OVER_WRITE, Generation.NO_F_NEW));
        assertTrue(e.complete());
        assertEquals(1, e.executions());
        assertEquals(List.of(Properties.CONTRACT, Properties.DATA_LOST, Properties.DIRTY_WITHOUT_RESERVATION),
                List.copyOf(e.findings().keySet()), e.report());
        assertEquals("DATA_LOST: byte 0 reads 0 after fsync and cache drop, expected 64",
                detail(e, Properties.DATA_LOST));
        assertEquals("CONTRACT: xfs_bmap_punch_delalloc_range(DATA, 1, 4): callers must not pass partial blocks"
                + " (block size 4); XFS punches blocks [0, 1)", detail(e, Properties.CONTRACT));
        assertTrue(detail(e, Properties.DIRTY_WITHOUT_RESERVATION).startsWith(
                "DIRTY_WITHOUT_RESERVATION: block 0 [0, 4) holds dirty data below EOF 1 and has no extent"),
                e.report());
    }

    @Test
    void noFNewPunchesTheStoresReservation() {
        Exploration e = EXPLORER.explore(new FailedRewriteScenario(OVER_STORE, Generation.NO_F_NEW));
        assertEquals(1, e.executions());
        assertEquals("DATA_LOST: byte 2 reads 0 after fsync and cache drop, expected 127",
                detail(e, Properties.DATA_LOST), e.report());
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"TRUNCATE", "SEED_61", "IFS_66", "NEWEST"})
    void theGenerationsWithTheRuleKeepIt(Generation g) {
        for (Params p : List.of(OVER_WRITE, OVER_STORE)) {
            Exploration e = EXPLORER.explore(new FailedRewriteScenario(p, g));
            assertTrue(e.complete());
            assertEquals(1, e.executions());
            assertEquals(Map.of(), e.findings(), e.report());
        }
    }

    @Test
    void theFamilyIsEnumeratedCompletely() {
        assertEquals(296, FailedRewriteScenario.family(List.of(PAGE4_BLOCK4, PAGE4_BLOCK2), 3).size());
        assertEquals(List.of(new Params(PAGE4_BLOCK2, 0, Earlier.WRITE, 0, 1, 0, 1, 0),
                new Params(PAGE4_BLOCK2, 1, Earlier.WRITE, 0, 1, 0, 1, 0),
                new Params(PAGE4_BLOCK2, 1, Earlier.STORE, 0, 1, 0, 1, 0)),
                FailedRewriteScenario.family(List.of(PAGE4_BLOCK2), 1));
        List<Params> two = FailedRewriteScenario.family(List.of(PAGE4_BLOCK2), 2);
        // 7 members of size 0, 11 of size 1 (the write [1, 2) and store@0 join), 12 of size 2 (store@1 joins).
        assertEquals(new Params(PAGE4_BLOCK2, 2, Earlier.STORE, 1, 1, 1, 1, 0), two.get(two.size() - 1));
        assertEquals(30, two.size());
        assertEquals("maxFileByte = 0: must be at least 1",
                invalid(() -> FailedRewriteScenario.family(List.of(PAGE4_BLOCK2), 0)));
    }

    @Test
    void membersAreValidatedAtEveryBound() {
        Geometry g = PAGE4_BLOCK2;
        assertEquals("iSizeByte = -1: must be >= 0", invalid(() -> new Params(g, -1, Earlier.WRITE, 0, 1, 0, 1, 0)));
        assertEquals("earlierPosByte = -1: an earlier write must start in [0, iSizeByte = 2]",
                invalid(() -> new Params(g, 2, Earlier.WRITE, -1, 1, -1, 1, 0)));
        assertEquals("earlierPosByte = 3: an earlier write must start in [0, iSizeByte = 2]",
                invalid(() -> new Params(g, 2, Earlier.WRITE, 3, 1, 3, 1, 0)));
        new Params(g, 2, Earlier.WRITE, 2, 1, 2, 1, 0);
        assertEquals("earlierPosByte = 2: an earlier store must lie in [0, iSizeByte = 2)",
                invalid(() -> new Params(g, 2, Earlier.STORE, 2, 1, 2, 1, 0)));
        assertEquals("earlierPosByte = -1: an earlier store must lie in [0, iSizeByte = 2)",
                invalid(() -> new Params(g, 2, Earlier.STORE, -1, 1, -1, 1, 0)));
        new Params(g, 2, Earlier.STORE, 1, 1, 1, 1, 0);
        new Params(g, 2, Earlier.STORE, 0, 1, 0, 1, 0);
        assertEquals("earlierLengthByte = 0: must be at least 1, and 1 for a store",
                invalid(() -> new Params(g, 2, Earlier.WRITE, 0, 0, 0, 1, 0)));
        assertEquals("earlierLengthByte = 2: must be at least 1, and 1 for a store",
                invalid(() -> new Params(g, 2, Earlier.STORE, 0, 2, 0, 1, 0)));
        assertEquals("earlierLengthByte = 0: must be at least 1, and 1 for a store",
                invalid(() -> new Params(g, 2, Earlier.STORE, 0, 0, 0, 1, 0)));
        assertEquals("writePosByte = 0: must lie in the earlier write's bytes [1, 3)",
                invalid(() -> new Params(g, 2, Earlier.WRITE, 1, 2, 0, 1, 0)));
        assertEquals("writePosByte = 3: must lie in the earlier write's bytes [1, 3)",
                invalid(() -> new Params(g, 2, Earlier.WRITE, 1, 2, 3, 1, 0)));
        new Params(g, 2, Earlier.WRITE, 1, 2, 1, 1, 0);
        assertEquals(2, new Params(g, 2, Earlier.WRITE, 1, 2, 2, 1, 0).writePosByte());
        assertEquals("readableByte = 2: must be in [0, writeLengthByte = 2)",
                invalid(() -> new Params(g, 2, Earlier.WRITE, 0, 1, 0, 2, 2)));
        assertEquals("readableByte = -1: must be in [0, writeLengthByte = 2)",
                invalid(() -> new Params(g, 2, Earlier.WRITE, 0, 1, 0, 2, -1)));
        assertEquals(1, new Params(g, 2, Earlier.WRITE, 0, 1, 0, 2, 1).readableByte());
    }

    /** The message of the {@code IllegalArgumentException} {@code construction} throws. */
    static String invalid(org.junit.jupiter.api.function.Executable construction) {
        return String.valueOf(assertThrows(IllegalArgumentException.class, construction).getMessage());
    }

    /** The detail of the exploration's finding of {@code property}, or {@code none}. */
    static String detail(Exploration e, String property) {
        return e.findings().getOrDefault(property, new Exploration.Finding(property, 0, "none", List.of())).detail();
    }

    @Test
    void theScenarioNamesItsMemberAndRunsOneTask() throws Exception {
        assertEquals("page=4 block=4 order<=0 i_size=0 earlier write=[0, 1) rewrite=[0, 1) faulting at +0",
                OVER_WRITE.label());
        assertEquals("page=4 block=2 order<=0 i_size=3 earlier store@2 rewrite=[2, 3) faulting at +0",
                OVER_STORE.label());
        assertEquals("write", Earlier.WRITE.label());
        FailedRewriteScenario s = new FailedRewriteScenario(
                new Params(PAGE4_BLOCK2, 1, Earlier.WRITE, 0, 3, 1, 2, 1), Generation.NEWEST);
        assertEquals("failed-rewrite-over-delalloc newest page=4 block=2 order<=0 i_size=1 earlier write=[0, 3)"
                + " rewrite=[1, 3) faulting at +1", s.name());
        assertEquals(List.of("writer"), s.taskNames());
        FsWorld w = s.newWorld();
        assertSame(w.validator(), s.validator(w));
        assertEquals(1, w.file().iSizeByte());
        s.run(w, 0, w.validator().newTask(0, "writer", new StepBoundHook()));
        // The earlier write's bytes, then the rewrite's one readable byte over byte 1.
        assertEquals(List.of((byte) 0x40, (byte) 0x10, (byte) 0x42, (byte) 0),
                List.of(w.expected().at(0), w.expected().at(1), w.expected().at(2), w.expected().at(3)));
        assertEquals(3, w.file().iSizeByte());
        assertEquals(w.endState(), s.endState(w));
        assertEquals(List.of(), s.violationsAtRest(w));
        assertEquals(List.of(), s.violationsAtStep(w));
        w.expected().record(0, new byte[] {1}, 0, 1);
        assertEquals(w.violationsAtRest(), s.violationsAtRest(w));
        assertEquals(1, s.violationsAtRest(w).size());
        // Dirty data below EOF losing its extent shows between steps too.
        w.file().extents().punchDelallocRange(w.validator().newTask(1, "punch", new StepBoundHook()),
                WhichFork.DATA, 0, 4);
        assertEquals(w.violationsAtStep(), s.violationsAtStep(w));
        assertEquals(2, s.violationsAtStep(w).size(), s.violationsAtStep(w).toString());
    }
}
