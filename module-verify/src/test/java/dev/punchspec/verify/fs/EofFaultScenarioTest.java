package dev.punchspec.verify.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Exploration;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Properties;
import dev.punchspec.verify.fs.EofFaultScenario.Params;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed comment's member of {@link EofFaultScenario} explored for each generation (one
 * interleaving each, fast), its sparse twin, and the family's enumeration and validation. The
 * sweep of the whole family is in {@link HistoricBugsTest}.
 *
 * <p>Why {@code no-eof-clamp} leaks, from the model's state: a 1-byte file on 2-byte blocks and
 * 4-byte pages, its byte written and flushed (block 0 written on disk) and the cache dropped; a
 * store at byte 0 faults folio 0 in (bytes 1-3 past EOF zeroed, uptodate) and dirties all of it;
 * the write of {@code [1, 3)} copies byte 1 into block 0 ({@code i_size} 2), then reserves block 1
 * ({@code IOMAP_F_NEW}, past EOF) and faults. The release of {@code [2, 4)} not clamped to EOF
 * finds folio 0 as data, dirty, and keeps block 1; fsync writes block 0 only (writeback stops at
 * EOF) and cleans the folio: block 1 stays delalloc with nothing dirty over it
 * ({@code RESERVATION_LEAK}). Clamped, the walk scans nothing and punches {@code [2, 4)}.
 */
class EofFaultScenarioTest {

    private static final Explorer EXPLORER = new Explorer(300, 1000);
    private static final Geometry PAGE4_BLOCK2 = new Geometry(4, 2, 0);
    /** The seed comment's case on a file whose EOF block is on disk. */
    static final Params ON_DISK = new Params(PAGE4_BLOCK2, 1, true, 0, 2, 1);
    /** The same on a sparse file. */
    static final Params SPARSE = new Params(PAGE4_BLOCK2, 1, false, 0, 2, 1);

    @Test
    void noEofClampLeaksThePostEofReservation() {
        Exploration e = EXPLORER.explore(new EofFaultScenario(ON_DISK, Generation.NO_EOF_CLAMP));
        assertTrue(e.complete());
        assertEquals(1, e.executions());
        assertEquals(List.of(Properties.RESERVATION_LEAK), List.copyOf(e.findings().keySet()), e.report());
        assertEquals("RESERVATION_LEAK: block 1 [2, 4) is delalloc with no dirty data over it",
                FailedRewriteScenarioTest.detail(e, Properties.RESERVATION_LEAK));
    }

    /**
     * On a sparse file the fault reserved block 0, the write's block 1 joins that delalloc
     * record, and writeback converts the whole record: block 1 is allocated past EOF, not leaked
     * as delalloc.
     */
    @Test
    void onASparseFileWritebackConvertsThePostEofBlockWithTheEofBlock() {
        Exploration e = EXPLORER.explore(new EofFaultScenario(SPARSE, Generation.NO_EOF_CLAMP));
        assertEquals(1, e.executions());
        assertEquals(Map.of(), e.findings(), e.report());
        String state = List.copyOf(e.endStates().keySet()).get(0);
        assertTrue(state.startsWith("i_size=2 "), state);
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"TRUNCATE", "SEED_61", "IFS_66", "NEWEST"})
    void theClampingGenerationsPunchIt(Generation g) {
        for (Params p : List.of(ON_DISK, SPARSE)) {
            Exploration e = EXPLORER.explore(new EofFaultScenario(p, g));
            assertTrue(e.complete());
            assertEquals(1, e.executions());
            assertEquals(Map.of(), e.findings(), e.report());
        }
    }

    @Test
    void theFamilyIsEnumeratedCompletely() {
        assertEquals(768, EofFaultScenario.family(List.of(new Geometry(4, 4, 0), PAGE4_BLOCK2,
                new Geometry(4, 1, 0)), 6).size());
        List<Params> two = EofFaultScenario.family(List.of(PAGE4_BLOCK2), 2);
        assertEquals(8, two.size());
        assertEquals(new Params(PAGE4_BLOCK2, 1, false, 0, 1, 0), two.get(0));
        assertEquals(new Params(PAGE4_BLOCK2, 1, true, 0, 1, 0), two.get(4));
        assertEquals(new Params(PAGE4_BLOCK2, 1, true, 3, 1, 0), two.get(7));
        // Sizes 4 (a page multiple) and 6 and up (no room for a write) give no member.
        List<Params> six = EofFaultScenario.family(List.of(PAGE4_BLOCK2), 6);
        assertEquals(256, six.size());
        assertEquals(new Params(PAGE4_BLOCK2, 5, true, 7, 1, 0), six.get(six.size() - 1));
        assertEquals(new Params(PAGE4_BLOCK2, 5, false, 4, 1, 0), six.get(six.size() - 8));
        assertEquals("maxFileByte = 1: must be at least 2",
                FailedRewriteScenarioTest.invalid(() -> EofFaultScenario.family(List.of(PAGE4_BLOCK2), 1)));
    }

    @Test
    void membersAreValidatedAtEveryBound() {
        Geometry g = PAGE4_BLOCK2;
        assertEquals("iSizeByte = 0: must be positive and not a multiple of the page size 4",
                FailedRewriteScenarioTest.invalid(() -> new Params(g, 0, false, 0, 1, 0)));
        assertEquals("iSizeByte = -1: must be positive and not a multiple of the page size 4",
                FailedRewriteScenarioTest.invalid(() -> new Params(g, -1, false, 0, 1, 0)));
        assertEquals("iSizeByte = 4: must be positive and not a multiple of the page size 4",
                FailedRewriteScenarioTest.invalid(() -> new Params(g, 4, false, 0, 1, 0)));
        assertEquals(5, new Params(g, 5, false, 4, 1, 0).iSizeByte());
        assertEquals(3, new Params(g, 3, false, 3, 1, 0).storeByte());
        assertEquals("storeByte = 3: must lie in the EOF page [4, 8)", FailedRewriteScenarioTest.invalid(() -> new Params(g, 5, false, 3, 1, 0)));
        assertEquals("storeByte = 8: must lie in the EOF page [4, 8)", FailedRewriteScenarioTest.invalid(() -> new Params(g, 5, false, 8, 1, 0)));
        assertEquals(7, new Params(g, 5, false, 7, 1, 0).storeByte());
        assertEquals("readableByte = 2: must be in [0, writeLengthByte = 2)",
                FailedRewriteScenarioTest.invalid(() -> new Params(g, 1, false, 0, 2, 2)));
        assertEquals("readableByte = -1: must be in [0, writeLengthByte = 2)",
                FailedRewriteScenarioTest.invalid(() -> new Params(g, 1, false, 0, 2, -1)));
        assertEquals(1, new Params(g, 1, false, 0, 2, 1).readableByte());
    }

    @Test
    void theScenarioNamesItsMemberAndRunsOneTask() throws Exception {
        assertEquals("page=4 block=2 order<=0 i_size=1 on disk store@0 write=[1, 3) faulting at +1 then fsync",
                ON_DISK.label());
        assertEquals("page=4 block=2 order<=0 i_size=1 sparse store@0 write=[1, 3) faulting at +1 then fsync",
                SPARSE.label());
        EofFaultScenario s = new EofFaultScenario(ON_DISK, Generation.NEWEST);
        assertEquals("eof-fault-then-failed-write newest " + ON_DISK.label(), s.name());
        assertEquals(List.of("writer"), s.taskNames());
        FsWorld w = s.newWorld();
        assertSame(w.validator(), s.validator(w));
        assertEquals(1, w.file().iSizeByte());
        s.run(w, 0, w.validator().newTask(0, "writer", new StepBoundHook()));
        // The flushed byte, overwritten by the store, then the write's one readable byte.
        assertEquals(List.of((byte) 0x7F, (byte) 0x10, (byte) 0, (byte) 0),
                List.of(w.expected().at(0), w.expected().at(1), w.expected().at(2), w.expected().at(3)));
        assertEquals(2, w.file().iSizeByte());
        assertEquals(w.endState(), s.endState(w));
        assertEquals(List.of(), s.violationsAtRest(w));
        assertEquals(List.of(), s.violationsAtStep(w));
        w.expected().record(0, new byte[] {1}, 0, 1);
        assertEquals(w.violationsAtRest(), s.violationsAtRest(w));
        assertEquals(1, s.violationsAtRest(w).size());
        // Between steps: a store's block below EOF losing its reservation.
        FsWorld fresh = s.newWorld();
        TaskContext storer = fresh.validator().newTask(0, "storer", new StepBoundHook());
        fresh.ops().mmapStore(storer, 0, (byte) 1);
        fresh.file().extents().punchDelallocRange(storer, WhichFork.DATA, 0, 2);
        assertEquals(List.of("DIRTY_WITHOUT_RESERVATION: block 0 [0, 2) holds dirty data below EOF 1 and has no extent"),
                s.violationsAtStep(fresh));
    }
}
