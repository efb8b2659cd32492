package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry: names, properties, and rejection of unknown names. */
class GenerationTest {

    @Test
    void namesAreTheIssueNames() {
        List<String> names = new ArrayList<>();
        for (Generation g : Generation.values()) {
            names.add(g.kernelName());
            assertSame(g, Generation.byName(g.kernelName()));
            assertFalse(g.summary().isEmpty());
        }
        assertEquals(List.of("truncate", "seed-6.1", "ifs-6.6", "newest", "no-f-new", "index32",
                "no-eof-clamp"), names);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generation.byName("seed-6.2"));
        assertEquals("unknown generation 'seed-6.2'; known: truncate, seed-6.1, ifs-6.6, newest,"
                + " no-f-new, index32, no-eof-clamp", e.getMessage());
    }

    @Test
    void variantsAndWhatTheyKeep() {
        for (Generation g : Generation.values()) {
            boolean variant = g == Generation.NO_F_NEW || g == Generation.INDEX32
                    || g == Generation.NO_EOF_CLAMP;
            assertEquals(variant, g.isVariant(), g.kernelName());
            assertEquals(g != Generation.NO_EOF_CLAMP, g.scanStopsAtEof(), g.kernelName());
        }
        assertEquals(PunchContract.Keep.NOTHING, Generation.TRUNCATE.keep());
        assertEquals(PunchContract.Keep.DIRTY_FOLIOS, Generation.SEED_61.keep());
        assertEquals(PunchContract.Keep.DIRTY_FOLIOS, Generation.NO_F_NEW.keep());
        assertEquals(PunchContract.Keep.DIRTY_FOLIOS, Generation.INDEX32.keep());
        assertEquals(PunchContract.Keep.DIRTY_FOLIOS, Generation.NO_EOF_CLAMP.keep());
        assertEquals(PunchContract.Keep.DIRTY_BLOCKS, Generation.IFS_66.keep());
        assertEquals(PunchContract.Keep.DIRTY_BLOCKS, Generation.NEWEST.keep());
    }

    @Test
    void seedFamilyInstances() {
        Recorder r = new Recorder(new FakeCache(2, 2));
        assertSame(Seed61Punch.class, Generation.SEED_61.seedInstance(r).getClass());
        assertSame(NoFNewPunch.class, Generation.NO_F_NEW.seedInstance(r).getClass());
        assertSame(Index32Punch.class, Generation.INDEX32.seedInstance(r).getClass());
        assertSame(NoEofClampPunch.class, Generation.NO_EOF_CLAMP.seedInstance(r).getClass());
        for (Generation g : new Generation[] {Generation.TRUNCATE, Generation.IFS_66,
            Generation.NEWEST}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> g.seedInstance(r));
            assertEquals(g.kernelName() + " is not in the seed-6.1 family", e.getMessage());
        }
    }

    @Test
    @SuppressWarnings("nullness") // passes null on purpose, to check the constructors' guards
    void constructorsRejectANullWarnSink() {
        assertThrows(NullPointerException.class, () -> new Seed61Punch(null));
        assertThrows(NullPointerException.class, () -> new Ifs66Punch(null));
        assertThrows(NullPointerException.class, () -> new NewestPunch(null));
        assertThrows(NullPointerException.class, () -> new Xfs61DelallocPunch(null));
        assertThrows(NullPointerException.class, () -> new XfsNewestDelallocPunch(null));
        assertTrue(new Seed61Punch((condition, site) -> condition) != null);
    }
}
