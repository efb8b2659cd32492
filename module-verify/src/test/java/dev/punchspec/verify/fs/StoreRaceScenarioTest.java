package dev.punchspec.verify.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.extent.WhichFork;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Exploration;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Properties;
import dev.punchspec.verify.explore.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generic/346 member of {@link StoreRaceScenario} explored for each generation (5
 * interleavings each, fast), and the family's enumeration and validation. The sweep of the whole
 * family is {@link StoreRaceFamilyTest}.
 */
class StoreRaceScenarioTest {

    private static final Explorer EXPLORER = new Explorer(300, 1000);
    /** A page-sized sparse file, a page-sized write that copies nothing, a store at byte 1. */
    static final StoreRaceScenario.Params GENERIC_346 =
            new StoreRaceScenario.Params(new Geometry(4, 4, 0), 4, 0, 4, 0, 1);

    @Test
    void truncateLosesTheStoredByteWithItsShortestSchedule() {
        Exploration e = EXPLORER.explore(new StoreRaceScenario(GENERIC_346, Generation.TRUNCATE));
        assertTrue(e.complete());
        assertEquals(5, e.executions());
        assertEquals(List.of(Properties.DATA_LOST), List.copyOf(e.findings().keySet()));
        Exploration.Finding f = e.findings().getOrDefault(Properties.DATA_LOST,
                new Exploration.Finding("none", 0, "", List.of()));
        assertEquals(5, f.executions());
        assertEquals("DATA_LOST: byte 1 reads 0 after fsync and cache drop, expected 127", f.detail());
        List<String> steps = new ArrayList<>();
        for (Step s : f.schedule()) {
            steps.add(s.taskId() + ": " + s.what());
        }
        assertEquals(List.of("0: start", "0: lock i_rwsem EXCLUSIVE", "0: lock ILOCK EXCLUSIVE", "0: unlock ILOCK",
                "1: start", "1: woken: the writer's user fault", "1: i_size_read",
                "1: lock file invalidate_lock SHARED", "1: find folio 0 of file", "1: lock file folio 0 EXCLUSIVE",
                "1: unlock file folio 0", "1: unlock file invalidate_lock", "1: lock file invalidate_lock SHARED",
                "1: find folio 0 of file", "1: lock file folio 0 EXCLUSIVE", "1: lock ILOCK EXCLUSIVE",
                "1: unlock ILOCK", "1: unlock file invalidate_lock", "1: unlock file folio 0",
                "1: store [1, 2) of file", "0: woken: userfaultfd: the store",
                "0: lock file invalidate_lock EXCLUSIVE", "0: lock file folio 0 EXCLUSIVE",
                "0: unlock file folio 0", "0: find folio 0 of file", "0: find folio 0 of file",
                "0: lock ILOCK EXCLUSIVE", "0: unlock ILOCK", "0: unlock file invalidate_lock",
                "0: unlock i_rwsem"), steps);
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"SEED_61", "IFS_66", "NEWEST"})
    void theFixedGenerationsKeepTheStoredByte(Generation g) {
        Exploration e = EXPLORER.explore(new StoreRaceScenario(GENERIC_346, g));
        assertTrue(e.complete());
        assertEquals(5, e.executions());
        assertEquals(Map.of(), e.findings(), e.report());
    }

    @Test
    void theFamilyIsEnumeratedCompletelyAndMembersAreValidated() {
        assertEquals(340, StoreRaceScenario.family(List.of(new Geometry(4, 2, 0)), 4).size());
        assertEquals(List.of(new StoreRaceScenario.Params(new Geometry(4, 2, 0), 0, 0, 1, 0, 0)),
                StoreRaceScenario.family(List.of(new Geometry(4, 2, 0)), 1).subList(0, 1));
        assertEquals(2, StoreRaceScenario.family(List.of(new Geometry(4, 2, 0)), 1).size());
        // 22 members per geometry at 2 bytes; the last one: size 2, write [1, 2) faulting at +0, store@1.
        List<StoreRaceScenario.Params> two = StoreRaceScenario.family(List.of(new Geometry(4, 2, 0),
                new Geometry(4, 4, 0)), 2);
        assertEquals(44, two.size());
        assertEquals(new StoreRaceScenario.Params(new Geometry(4, 4, 0), 2, 1, 1, 0, 1), two.get(43));
        assertEquals(new StoreRaceScenario.Params(new Geometry(4, 4, 0), 0, 0, 1, 0, 0), two.get(22));
        assertEquals("maxFileByte = 0: must be at least 1", assertThrows(IllegalArgumentException.class,
                () -> StoreRaceScenario.family(List.of(new Geometry(4, 2, 0)), 0)).getMessage());
        Geometry g = new Geometry(4, 2, 0);
        assertEquals("iSizeByte = -1: must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> new StoreRaceScenario.Params(g, -1, 0, 1, 0, 0))
                        .getMessage());
        assertEquals("writePosByte = 3: must be in [0, iSizeByte = 2]",
                assertThrows(IllegalArgumentException.class, () -> new StoreRaceScenario.Params(g, 2, 3, 1, 0, 0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StoreRaceScenario.Params(g, 2, -1, 1, 0, 0));
        assertEquals("readableByte = 1: must be in [0, writeLengthByte = 1)",
                assertThrows(IllegalArgumentException.class, () -> new StoreRaceScenario.Params(g, 2, 0, 1, 1, 0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StoreRaceScenario.Params(g, 2, 0, 1, -1, 0));
        assertEquals("storeByte = -1: must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> new StoreRaceScenario.Params(g, 2, 0, 1, 0, -1))
                        .getMessage());
        StoreRaceScenario s = new StoreRaceScenario(GENERIC_346, Generation.NEWEST);
        assertEquals("failed-write-vs-store newest page=4 block=4 order<=0 i_size=4 write=[0, 4) faulting at +0"
                + " store@1", s.name());
        assertEquals(List.of("writer", "storer"), s.taskNames());
    }

    /**
     * The two tasks run one after the other, writer first: the write copies the readable bytes
     * of its buffer ({@code WRITE_BASE}, {@code WRITE_BASE + 1}), stalls at the fault with no
     * store to wait for, and fails the rest; the store then finds the writer stalled and stores.
     * The scenario reports its world's end state and properties.
     */
    @Test
    void theTasksRunSequentiallyWriteTheBufferThenStore() throws Exception {
        StoreRaceScenario s = new StoreRaceScenario(
                new StoreRaceScenario.Params(new Geometry(4, 4, 0), 4, 0, 4, 2, 3), Generation.NEWEST);
        FsWorld w = s.newWorld();
        assertSame(w.validator(), s.validator(w));
        s.run(w, 0, w.validator().newTask(0, "writer", new StepBoundHook()));
        assertTrue(w.signalled(StoreRaceScenario.WRITER_STALLED));
        assertFalse(w.signalled(StoreRaceScenario.STORE_DONE));
        s.run(w, 1, w.validator().newTask(1, "storer", new StepBoundHook()));
        assertTrue(w.signalled(StoreRaceScenario.STORE_DONE));
        assertEquals(List.of((byte) 0x10, (byte) 0x11, (byte) 0, (byte) 0x7F),
                List.of(w.expected().at(0), w.expected().at(1), w.expected().at(2), w.expected().at(3)));
        assertEquals(w.endState(), s.endState(w));
        assertTrue(s.endState(w).startsWith("i_size=4 extents=["), s.endState(w));
        assertEquals(List.of(), s.violationsAtRest(w));
        w.expected().record(0, new byte[] {1}, 0, 1);
        assertEquals(w.violationsAtRest(), s.violationsAtRest(w));
        assertEquals(1, s.violationsAtRest(w).size());
        assertEquals(List.of(), s.violationsAtStep(w));
        // Dirty data below EOF losing its extent shows between steps too.
        w.file().extents().punchDelallocRange(w.validator().newTask(2, "punch", new StepBoundHook()),
                WhichFork.DATA, 0, 4);
        assertEquals(1, s.violationsAtStep(w).size(), s.violationsAtRest(w).toString());
        assertEquals(w.violationsAtStep(), s.violationsAtStep(w));
    }
}
