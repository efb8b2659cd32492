package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Iomap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-traced scenarios, one behaviour each, with the exact calls, events and warnings the kernel
 * code of each generation produces. The traces in the comments follow the C line by line.
 */
class KernelScenarioTest {

    /**
     * page = block = 4: a clean folio, a dirty one, a hole, a dirty one; i_size 16.
     */
    private static FakeCache fourPages() {
        FakeCache c = new FakeCache(2, 2);
        c.addFolio(0, 0, true, false);
        c.addFolio(1, 0, true, true);
        c.addFolio(3, 0, true, true);
        c.iSize = 16;
        return c;
    }

    @Test
    void seedKeepsDirtyFoliosAndPunchesTheRest() {
        // SEEK_DATA(0)=0, SEEK_HOLE(0)=8; F0 clean; F1 dirty: punch [0,4), ps=8;
        // SEEK_DATA(8)=12, SEEK_HOLE(12)=16; F3 dirty: punch [8,12), ps=16; no final punch.
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.IFS_66,
            Generation.NEWEST, Generation.NO_F_NEW, Generation.INDEX32, Generation.NO_EOF_CLAMP}) {
            Recorder r = Runs.release(g, fourPages(), 0, 16);
            assertEquals("[0,4)[8,12)", r.callsText(), g.kernelName());
        }
        FakeCache c = fourPages();
        Recorder r = Runs.release(Generation.TRUNCATE, c, 0, 16);
        assertEquals("[0,16)", r.callsText());
        assertEquals(1, c.truncated.size());
        assertEquals(0, c.truncated.get(0)[0]);
        assertEquals(16, c.truncated.get(0)[1]);
    }

    @Test
    void seedEventsShowTheLockDiscipline() {
        FakeCache c = fourPages();
        c.recordEvents = true;
        Recorder r = new Recorder(c);
        assertEquals(0, new Seed61Punch(r).fileBufferedWritePunchDelalloc(c, Runs.NEW_DELALLOC, 0,
                16, 0, r));
        assertEquals(List.of("i_size_read", "invalidate_lock", "SEEK_DATA(0, 16) = 0",
                "SEEK_HOLE(0, 16) = 8", "filemap_lock_folio 0 = 0", "folio_unlock 0",
                "filemap_lock_folio 1 = 1", "punch 0 4", "folio_unlock 1", "SEEK_DATA(8, 16) = 12",
                "SEEK_HOLE(12, 16) = 16", "filemap_lock_folio 3 = 3", "punch 8 4",
                "folio_unlock 3", "invalidate_unlock"), c.events);
        for (PunchContract.PunchCall call : r.calls) {
            assertTrue(call.invalidateLockHeld());
            assertEquals(1, call.foliosLocked());
        }
    }

    @Test
    void truncateEventsShowTheLockDiscipline() {
        FakeCache c = fourPages();
        c.recordEvents = true;
        Recorder r = new Recorder(c);
        assertEquals(0, new TruncatePunch().fileBufferedWritePunchDelalloc(c, Runs.NEW_DELALLOC,
                1, 14, 0, r));
        assertEquals(List.of("invalidate_lock", "truncate_pagecache_range 0 16", "punch 0 16",
                "invalidate_unlock"), c.events);
    }

    @Test
    void newestEventsShowTheCallerTakingTheLock() {
        FakeCache c = fourPages();
        c.recordEvents = true;
        Recorder r = new Recorder(c);
        new NewestPunch(r).bufferedWriteIomapEnd(c, 0, 16, 0, Iomap.IOMAP_WRITE,
                Runs.NEW_DELALLOC, r);
        assertEquals(List.of("invalidate_lock", "i_size_read", "SEEK_DATA(0, 16) = 0",
                "SEEK_HOLE(0, 16) = 8", "filemap_lock_folio 0 = 0", "folio_unlock 0",
                "filemap_lock_folio 1 = 1", "punch 0 4", "folio_unlock 1", "SEEK_DATA(8, 16) = 12",
                "SEEK_HOLE(12, 16) = 16", "filemap_lock_folio 3 = 3", "punch 8 4",
                "folio_unlock 3", "invalidate_unlock"), c.events);
        assertTrue(r.warnings.isEmpty());
    }

    @Test
    void perBlockDirtyStateMakesV66PunchCleanBlocks() {
        // page 4, block 2: one dirty folio whose second block is clean; i_size 4; release [0,8).
        // seed: the folio is kept whole, ps = 4, final [4,8).
        // 6.6/newest: ifs punch of block 1 [2,4), then ps = 4, final [4,8).
        for (Generation g : Generation.values()) {
            FakeCache c = new FakeCache(2, 1);
            c.addFolio(0, 0, true, new boolean[] {true, true}, true, new boolean[] {true, false});
            c.iSize = 4;
            Recorder r = Runs.release(g, c, 0, 8);
            String want = g.keep() == PunchContract.Keep.DIRTY_BLOCKS ? "[2,4)[4,8)"
                    : g == Generation.TRUNCATE ? "[0,8)" : "[4,8)";
            assertEquals(want, r.callsText(), g.kernelName());
            assertTrue(PunchContract.checkRelease(g, c, 1, 4, 0, 8, r.calls).isEmpty());
        }
    }

    @Test
    void unalignedEofMakesTheFinalPunchStartInsideADirtyBlock() {
        // page = block = 4, a dirty folio over [0,4), i_size 2, release [0,8).
        // scan_end = 2; SEEK_DATA(0,2)=0; SEEK_HOLE(0,2)=2 (clamped to end); the dirty folio
        // bounds ps = min(2, 4) = 2; the final punch is [2, 8): offset 2 is not block aligned,
        // and XFS rounds it down to 0, taking the reservation of the dirty data in [0, 2).
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.IFS_66,
            Generation.NEWEST}) {
            FakeCache c = new FakeCache(2, 2);
            c.addFolio(0, 0, true, true);
            c.iSize = 2;
            Recorder r = Runs.release(g, c, 0, 8);
            assertEquals("[2,8)", r.callsText(), g.kernelName());
            List<PunchContract.Violation> vs = PunchContract.checkRelease(g, c, 2, 2, 0, 8,
                    r.calls);
            assertEquals(1, vs.size(), Runs.text(vs));
            assertEquals(PunchContract.Kind.UNALIGNED, vs.get(0).kind());
            assertEquals("call 0 punch(2, 6) not aligned to the block size 4",
                    vs.get(0).message());
        }
        // What XFS is asked to do with it: xfs_bmap_punch_delalloc_range(ip, 2, 8).
        FakeCache c = new FakeCache(2, 2);
        c.addFolio(0, 0, true, true);
        c.iSize = 2;
        Recorder bmap = new Recorder(c);
        assertEquals(0, Generation.SEED_61.create(bmap).iomapEnd(c, 0, 8, 0, Iomap.IOMAP_WRITE,
                Runs.NEW_DELALLOC, bmap));
        assertEquals("[2,8)", bmap.callsText());
    }

    @Test
    void v66OverlapsTheFinalPunchWithACleanEofBlock() {
        // page 4, block 2: dirty ifs folio, block 1 clean, i_size 3; release [0,8).
        // scan_end 3; data [0,3); ifs punch last_byte = min(2, 3) = 2 -> block 1 -> [2,4);
        // ps = min(3, 4) = 3; final [3,8) overlaps [2,4) and is unaligned.
        for (Generation g : new Generation[] {Generation.IFS_66, Generation.NEWEST}) {
            FakeCache c = new FakeCache(2, 1);
            c.addFolio(0, 0, true, new boolean[] {true, true}, true, new boolean[] {true, false});
            c.iSize = 3;
            Recorder r = Runs.release(g, c, 0, 8);
            assertEquals("[2,4)[3,8)", r.callsText(), g.kernelName());
            List<PunchContract.Violation> vs = PunchContract.checkRelease(g, c, 1, 3, 0, 8,
                    r.calls);
            assertEquals(1, vs.size(), Runs.text(vs));
            assertEquals(PunchContract.Kind.UNALIGNED, vs.get(0).kind());
            // the same calls from a folio-granular generation are an overlap
            List<PunchContract.Violation> asSeed = PunchContract.checkRelease(Generation.SEED_61,
                    c, 1, 3, 0, 8, r.calls);
            assertTrue(asSeed.stream().anyMatch(v -> v.kind() == PunchContract.Kind.OVERLAP),
                    Runs.text(asSeed));
        }
    }

    /** A clean folio [0,4) evicted between SEEK_DATA and SEEK_HOLE, then a dirty folio [4,8). */
    private static FakeCache evictedBetweenSeeks() {
        FakeCache c = new FakeCache(2, 2);
        c.addFolio(0, 0, true, false);
        c.addFolio(1, 0, true, true);
        c.iSize = 8;
        c.afterSeek = (n, whence, result) -> {
            if (n == 1) {
                c.folios.remove(0L);
            }
        };
        return c;
    }

    @Test
    void postDirectIoInvalidationWarnsBeforeTheFixAndRetriesAfter() {
        // SEEK_DATA(0)=0; eviction; SEEK_HOLE(0)=0. Seed and 6.6.0: WARN(data_end <= start_byte),
        // an empty scan, then SEEK_DATA(0)=4 ... Newest: continue, SEEK_DATA(0)=4 ...
        // Either way the dirty folio is found and [0,4) punched.
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.IFS_66,
            Generation.NEWEST}) {
            FakeCache c = evictedBetweenSeeks();
            Recorder r = Runs.release(g, c, 0, 8);
            assertEquals("[0,4)", r.callsText(), g.kernelName());
            assertEquals(g == Generation.NEWEST ? List.of()
                    : List.of("iomap_write_delalloc_release: data_end <= start_byte"),
                    r.warnings, g.kernelName());
            assertEquals(4, c.seeks, g.kernelName());
        }
    }

    @Test
    void punchErrorStopsTheSeedFamilyAndUnlocks() {
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.IFS_66}) {
            for (int fail = 0; fail < 2; fail++) {
                FakeCache c = fourPages();
                Recorder r = new Recorder(c);
                r.failCall = fail;
                int result = g == Generation.IFS_66
                        ? new Ifs66Punch(r).writeDelallocRelease(c, 0, 16, r)
                        : new Seed61Punch(r).writeDelallocRelease(c, 0, 16, r);
                assertEquals(-5, result, g.kernelName());
                assertEquals(fail == 0 ? "[0,4)" : "[0,4)[8,12)", r.callsText());
                assertFalse(c.invalidateLockHeld);
                assertEquals(0, c.foliosLocked);
            }
        }
        // the final punch's error is returned too
        FakeCache c = new FakeCache(2, 2);
        c.iSize = 16;
        Recorder r = new Recorder(c);
        r.failCall = 0;
        assertEquals(-5, new Seed61Punch(r).writeDelallocRelease(c, 0, 16, r));
        Recorder r66 = new Recorder(c);
        r66.failCall = 0;
        assertEquals(-5, new Ifs66Punch(r66).writeDelallocRelease(c, 0, 16, r66));
        assertFalse(c.invalidateLockHeld);
        // and by the pre-seed generation
        Recorder t = new Recorder(c);
        t.failCall = 0;
        assertEquals(-5, new TruncatePunch().fileBufferedWritePunchDelalloc(c, Runs.NEW_DELALLOC,
                0, 16, 0, t));
        assertFalse(c.invalidateLockHeld);
    }

    @Test
    void ifsPunchErrorStopsV66() {
        FakeCache c = new FakeCache(2, 1);
        c.addFolio(0, 0, true, new boolean[] {true, true}, true, new boolean[] {false, false});
        c.iSize = 8;
        Recorder r = new Recorder(c);
        r.failCall = 0;
        assertEquals(-5, new Ifs66Punch(r).writeDelallocRelease(c, 0, 8, r));
        assertEquals("[0,2)", r.callsText());
        assertEquals(0, c.foliosLocked);
        assertFalse(c.invalidateLockHeld);
    }

    /** Runs one release with a scripted seek and returns the recorder. */
    private static Recorder scripted(Generation g, FakeCache.SeekScript script, int[] result) {
        FakeCache c = fourPages();
        c.seekScript = script;
        Recorder r = new Recorder(c);
        switch (g) {
            case NEWEST:
                c.invalidateLock();
                new NewestPunch(r).writeDelallocRelease(c, 0, 16, 0, Runs.NEW_DELALLOC, r);
                c.invalidateUnlock();
                result[0] = 0;
                break;
            case IFS_66:
                result[0] = new Ifs66Punch(r).writeDelallocRelease(c, 0, 16, r);
                break;
            default:
                result[0] = new Seed61Punch(r).writeDelallocRelease(c, 0, 16, r);
                break;
        }
        assertFalse(c.invalidateLockHeld);
        assertEquals(0, c.foliosLocked);
        return r;
    }

    @Test
    void seekErrorsSkipTheFinalPunch() {
        int[] result = new int[1];
        FakeCache.SeekScript dataFails = (n, whence, s, e) -> n == 1 ? Long.valueOf(-5) : null;
        FakeCache.SeekScript holeFails = (n, whence, s, e) -> n == 2 ? Long.valueOf(-5) : null;
        // a failed SEEK_DATA followed by a plausible SEEK_HOLE: only the error check stops it
        FakeCache.SeekScript dataFailsOnly = (n, whence, s, e) -> n == 1 ? Long.valueOf(-5)
                : n == 2 ? Long.valueOf(8) : null;
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.IFS_66}) {
            Recorder r = scripted(g, dataFails, result);
            assertEquals(-5, result[0]);
            assertEquals("", r.callsText());
            r = scripted(g, holeFails, result);
            assertEquals(-5, result[0]);
            assertEquals("", r.callsText());
            assertTrue(r.warnings.isEmpty());
            r = scripted(g, dataFailsOnly, result);
            assertEquals(-5, result[0]);
            assertEquals("", r.callsText());
            assertTrue(r.warnings.isEmpty());
        }
        Recorder r = scripted(Generation.NEWEST, dataFails, result);
        assertEquals("", r.callsText());
        assertEquals(List.of("iomap_write_delalloc_release: start_byte < 0"), r.warnings);
        r = scripted(Generation.NEWEST, holeFails, result);
        assertEquals("", r.callsText());
        assertEquals(List.of("iomap_write_delalloc_release: data_end < 0"), r.warnings);
    }

    @Test
    void everyWarnSiteFires() {
        int[] result = new int[1];
        String p = "iomap_write_delalloc_release: ";
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.IFS_66,
            Generation.NEWEST}) {
            // SEEK_DATA beyond scan_end: warn, then SEEK_HOLE(20, 16) is -ENXIO
            Recorder r = scripted(g, (n, w, s, e) -> n == 1 ? Long.valueOf(20) : null, result);
            assertEquals(g == Generation.NEWEST
                    ? List.of(p + "start_byte > scan_end_byte", p + "data_end < 0")
                    : List.of(p + "start_byte > scan_end_byte"), r.warnings, g.kernelName());
            assertEquals(g == Generation.NEWEST ? 0 : (int) -AddressSpace.ENXIO, result[0]);
            assertEquals("", r.callsText());
            // second SEEK_DATA before punch_start (8): warn, rescan [4,8) harmlessly
            r = scripted(g, (n, w, s, e) -> n == 3 ? Long.valueOf(4) : null, result);
            assertEquals(List.of(p + "start_byte < punch_start_byte"), r.warnings);
            assertEquals("[0,4)[8,12)", r.callsText());
            // SEEK_HOLE beyond scan_end: warn, scan on
            r = scripted(g, (n, w, s, e) -> n == 4 ? Long.valueOf(20) : null, result);
            assertEquals(List.of(p + "data_end > scan_end_byte"), r.warnings);
            // SEEK_HOLE before start: seed family warns data_end <= start_byte,
            // newest data_end < start_byte
            r = scripted(g, (n, w, s, e) -> n == 4 ? Long.valueOf(10) : null, result);
            assertEquals(List.of(p + (g == Generation.NEWEST ? "data_end < start_byte"
                    : "data_end <= start_byte")), r.warnings);
        }
    }

    @Test
    void newestAssertsTheCallerHeldLock() {
        FakeCache c = fourPages();
        Recorder r = new Recorder(c);
        new NewestPunch(r).writeDelallocRelease(c, 0, 16, 0, Runs.NEW_DELALLOC, r);
        assertEquals(List.of("iomap_write_delalloc_release: lockdep_assert_held_write("
                + "invalidate_lock)"), r.warnings);
        assertEquals("[0,4)[8,12)", r.callsText());
        for (PunchContract.PunchCall call : r.calls) {
            assertFalse(call.invalidateLockHeld());
        }
        // zeroing without the lock: XFS's assertion and iomap's
        Recorder z = new Recorder(c);
        new NewestPunch(z).bufferedWriteIomapEnd(c, 0, 16, 0, Iomap.IOMAP_ZERO,
                Runs.NEW_DELALLOC, z);
        assertEquals(List.of("xfs_buffered_write_iomap_end: rwsem_assert_held_write("
                + "invalidate_lock)", "iomap_write_delalloc_release: lockdep_assert_held_write("
                + "invalidate_lock)"), z.warnings);
        // and a bad range is rejected by name
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NewestPunch(r).writeDelallocRelease(c, 8, 4, 0, Runs.NEW_DELALLOC, r));
        assertEquals("endByte must be >= startByte (8), was 4", e.getMessage());
    }

    @Test
    void noFNewPunchesDelallocItDidNotReserve() {
        Iomap old = new Iomap(Iomap.IOMAP_DELALLOC, 0, 0, 16);
        FakeCache c = fourPages();
        Recorder seed = new Recorder(c);
        assertEquals(0, new Seed61Punch(seed).fileBufferedWritePunchDelalloc(c, old, 0, 16, 0,
                seed));
        assertEquals("", seed.callsText());
        Recorder bug = new Recorder(c);
        assertEquals(0, Generation.NO_F_NEW.seedInstance(bug).fileBufferedWritePunchDelalloc(c,
                old, 0, 16, 0, bug));
        assertEquals("[0,4)[8,12)", bug.callsText());
    }

    @Test
    void noEofClampKeepsDirtyPostEofFolios() {
        // a dirty, uptodate folio past EOF (a write fault spanning EOF); i_size 4; release [0,8)
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.NO_EOF_CLAMP}) {
            FakeCache c = new FakeCache(2, 2);
            c.addFolio(1, 0, true, true);
            c.iSize = 4;
            Recorder r = Runs.release(g, c, 0, 8);
            assertEquals(g == Generation.SEED_61 ? "[0,8)" : "[0,4)", r.callsText());
        }
    }

    @Test
    void index32WrapsTheScanBackToTheStartOfTheFile() {
        // page 4: the folio of index 2^30 - 1 ends at byte 2^32. A 32-bit
        // folio_next_index << PAGE_SHIFT wraps to 0: the punch start and the scan go back to 0.
        long index = (1L << 30) - 1;
        long pos = index << 2;
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.INDEX32}) {
            FakeCache c = new FakeCache(2, 2);
            c.addFolio(index, 0, true, true);
            c.addFolio(0, 0, true, true);
            c.iSize = 1L << 40;
            c.maxLookups = 100;
            Recorder r = new Recorder(c);
            Seed61Punch p = g.seedInstance(r);
            if (g == Generation.SEED_61) {
                assertEquals(0, p.writeDelallocRelease(c, pos, pos + 8, r));
                assertEquals("[4294967296,4294967300)", r.callsText());
                assertEquals(1, c.lookups);
            } else {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> p.writeDelallocRelease(c, pos, pos + 8, r));
                assertEquals("more than 100 folio lookups", e.getMessage());
                // it went back to page 0 right after the folio below 4 GiB
                assertEquals("", r.callsText());
            }
        }
    }

    @Test
    void index32LooksUpTheWrongPageAbove16GiBOfPages() {
        // page 4: byte 2^34 is page 2^32, whose 32-bit pgoff_t is 0, where nothing is cached:
        // the dirty folio at 2^34 is missed and its reservation punched.
        long index = 1L << 32;
        long pos = index << 2;
        for (Generation g : new Generation[] {Generation.SEED_61, Generation.INDEX32}) {
            FakeCache c = new FakeCache(2, 2);
            c.addFolio(index, 0, true, true);
            c.iSize = 1L << 40;
            Recorder r = Runs.release(g, c, pos, pos + 4);
            assertEquals(g == Generation.SEED_61 ? "" : "[17179869184,17179869188)",
                    r.callsText(), g.kernelName());
        }
    }

    @Test
    void writeFaultsNeverPunch() {
        for (Generation g : Generation.values()) {
            FakeCache c = fourPages();
            Recorder r = new Recorder(c);
            assertEquals(0, g.create(r).iomapEnd(c, 0, 16, 0, Iomap.IOMAP_WRITE
                    | Iomap.IOMAP_FAULT, Runs.NEW_DELALLOC, r));
            assertEquals("", r.callsText(), g.kernelName());
        }
    }

    @Test
    void entryRejectsBadArgumentsByName() {
        FakeCache c = fourPages();
        Recorder r = new Recorder(c);
        for (Generation g : Generation.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.create(r).iomapEnd(c, 0, 4, 5, Iomap.IOMAP_WRITE, Runs.NEW_DELALLOC,
                            r));
            assertEquals("writtenByte must be 0..lengthByte (4), was 5", e.getMessage());
        }
    }

    @Test
    void aFullyWrittenRangeTakesNoLock() {
        // pos 1, length 6, written 7: start round_up(8) = 8 >= end round_up(7) = 8
        for (Generation g : Generation.values()) {
            FakeCache c = fourPages();
            c.recordEvents = true;
            Recorder r = new Recorder(c);
            assertEquals(0, g.create(r).iomapEnd(c, 1, 6, 6, Iomap.IOMAP_WRITE,
                    Runs.NEW_DELALLOC, r));
            assertEquals(List.of(), c.events, g.kernelName());
        }
        // a written range ending exactly at a block boundary: pos 0, length 8, written 8
        FakeCache c = fourPages();
        c.recordEvents = true;
        Recorder r = new Recorder(c);
        new NewestPunch(r).bufferedWriteIomapEnd(c, 0, 8, 8, Iomap.IOMAP_WRITE, Runs.NEW_DELALLOC,
                r);
        assertEquals(List.of(), c.events);
    }

    @Test
    void entryReturnsThePunchError() {
        for (Generation g : new Generation[] {Generation.TRUNCATE, Generation.SEED_61,
            Generation.IFS_66, Generation.NO_F_NEW, Generation.INDEX32, Generation.NO_EOF_CLAMP}) {
            FakeCache c = fourPages();
            Recorder r = new Recorder(c);
            r.failCall = 0;
            assertEquals(-5, g.create(r).iomapEnd(c, 0, 16, 0, Iomap.IOMAP_WRITE,
                    Runs.NEW_DELALLOC, r), g.kernelName());
            assertFalse(c.invalidateLockHeld);
        }
        FakeCache c = fourPages();
        Recorder seed = new Recorder(c);
        seed.failCall = 0;
        assertEquals(-5, new Seed61Punch(seed).fileBufferedWritePunchDelalloc(c, Runs.NEW_DELALLOC,
                0, 16, 0, seed));
        Recorder ifs = new Recorder(c);
        ifs.failCall = 1;
        assertEquals(-5, new Ifs66Punch(ifs).fileBufferedWritePunchDelalloc(c, Runs.NEW_DELALLOC,
                0, 16, 0, ifs));
        assertEquals("[0,4)[8,12)", ifs.callsText());
    }
}
