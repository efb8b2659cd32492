package dev.punchspec.cache;

import static dev.punchspec.cache.Checks.msg;
import static dev.punchspec.cache.Checks.nn;
import static dev.punchspec.cache.Checks.same;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.ByteRange;
import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.LockViolation;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Iomap;
import java.util.Arrays;
import java.util.List;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the page cache, on a small geometry: pages of 16 bytes, blocks of 4, folios
 * up to order 2 (64 bytes, 16 blocks). Invariants are checked after every operation.
 */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
class PageCacheTest {

    static final Geometry G = new Geometry(16, 4, 2);
    static final Iomap MAPPED = new Iomap(Iomap.IOMAP_MAPPED, 0, 0, 1 << 20);
    static final Iomap DELALLOC_NEW = new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 1 << 20);

    /** Backing data: byte at file offset p is (p % 100) + 1, never zero. */
    static final BackingStore DISK = (pos, dst, off, len) -> {
        for (int i = 0; i < len; i++) {
            dst[off + i] = (byte) ((pos + i) % 100 + 1);
        }
    };

    static byte disk(long pos) {
        return (byte) (pos % 100 + 1);
    }

    final PageCache cache = new PageCache("f", G);
    final LockValidator validator = new LockValidator(ViolationPolicy.THROW);
    final TaskContext t = Tasks.task(validator, 0, new SequentialHook());

    private void ok() {
        cache.checkInvariants();
    }

    private static boolean[] bits(String s) {
        boolean[] b = new boolean[s.length()];
        for (int i = 0; i < s.length(); i++) {
            b[i] = s.charAt(i) == '1';
        }
        return b;
    }

    private static String ifs(CachedFolio f) {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < f.nrBlocks(); b++) {
            sb.append(f.testBlockDirty(b) ? 'D' : f.testBlockUptodate(b) ? 'U' : '-');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------ construction

    @Test

    @MayReleaseLocks
    void constructorValidates() {
        assertTrue(msg(IllegalArgumentException.class, () -> new PageCache(" ", G))
                .contains("name"));
        assertTrue(msg(IllegalArgumentException.class, () -> new PageCache("f", new Geometry(4096, 1, 5))).contains("131072 blocks"));
        PageCache edge = new PageCache("f", new Geometry(4096, 1, 4));
        assertEquals(65537, edge.blockOffsets(4).length);
        assertEquals("f", cache.name());
        same(G, cache.geometry());
        assertEquals(4, cache.pageShift());
        assertEquals(0, cache.entryCount());
    }

    // ------------------------------------------------------------ lookups and locks

    @Test

    @MayReleaseLocks
    void lockFolioFindsLocksAndUnlocks() {
        CachedFolio f = cache.installFolio(4, 2, true, false, null, null, null);
        cache.installShadow(8, 1);
        assertNull(cache.lockFolio(t, 0));
        assertNull(cache.lockFolio(t, 8), "a value entry is not a folio");
        same(f, cache.lockFolio(t, 6));
        assertTrue(f.testLocked());
        assertEquals(LockMode.EXCLUSIVE, f.lock.heldMode());
        assertTrue(f.lock.isHeldBy(t));
        cache.unlockFolio(t, f);
        assertFalse(f.testLocked());
        assertTrue(msg(IllegalArgumentException.class, () -> cache.lockFolio(t, -1))
                .contains("index"));
        same(f, cache.entryAt(7));
        assertNull(cache.entryAt(3));
        assertNull(cache.folioAt(8));
        assertEquals(2, cache.entries().size());
    }

    /** A folio truncated while this task sleeps on its lock: looked up again, now absent. */
    @Test
    @MayReleaseLocks
    void lockFolioRetriesAfterTruncation() {
        CachedFolio f = cache.installFolio(0, 0, true, false, null, null, null);
        TaskContext other = Tasks.task(validator, 1, new SequentialHook());
        same(f, cache.lockFolio(other, 0));
        ScriptedHook hook = new ScriptedHook("never", () -> {
            cache.unlockFolio(other, f);
            cache.truncatePagecache(other, 0);
        });
        TaskContext me = Tasks.task(validator, 2, hook);
        assertNull(cache.lockFolio(me, 0));
        assertTrue(hook.fired());
        assertFalse(f.inMapping());
        assertTrue(me.heldLocks().isEmpty());
        ok();
    }

    @Test

    @MayReleaseLocks
    void contendedFolioLockInASequentialRunIsADeadlock() {
        cache.installFolio(0, 0, true, false, null, null, null);
        TaskContext other = Tasks.task(validator, 1, new SequentialHook());
        cache.lockFolio(other, 0);
        LockViolation v = assertThrows(LockViolation.class, () -> cache.lockFolio(t, 0));
        assertEquals(LockViolation.Kind.DEADLOCK, v.kind());
    }

    @Test

    @MayReleaseLocks
    void invalidateLockModes() {
        assertFalse(cache.invalidateLockHeldWrite(t));
        cache.invalidateLock(t);
        assertTrue(cache.invalidateLockHeldWrite(t));
        assertEquals(LockMode.EXCLUSIVE, cache.invalidateLockModel().heldMode());
        cache.invalidateUnlock(t);
        cache.invalidateLockShared(t);
        assertFalse(cache.invalidateLockHeldWrite(t));
        assertEquals(LockMode.SHARED, cache.invalidateLockModel().heldMode());
        cache.invalidateUnlock(t);
        assertNull(cache.invalidateLockModel().heldMode());
        assertEquals("f invalidate_lock", cache.invalidateLockModel().name());
    }

    // ------------------------------------------------------------ folio creation for writes

    @Test

    @MayReleaseLocks
    void getFolioForWriteCreatesAlignedFoliosOfTheLargestFittingOrder() {
        CachedFolio a = cache.getFolioForWrite(t, 4, 5);
        assertEquals(4, a.index());
        assertEquals(2, a.order(), "capped at maxFolioOrder");
        assertTrue(a.lock.isHeldBy(t));
        assertFalse(a.testUptodate());
        assertFalse(a.hasBlockState());
        cache.unlockFolio(t, a);
        CachedFolio b = cache.getFolioForWrite(t, 2, 2);
        assertEquals(1, b.order(), "index 2 is aligned to order 1 only");
        cache.unlockFolio(t, b);
        CachedFolio c = cache.getFolioForWrite(t, 1, 2);
        assertEquals(0, c.order());
        cache.unlockFolio(t, c);
        cache.installFolio(10, 0, true, false, null, null, null);
        CachedFolio d = cache.getFolioForWrite(t, 8, 2);
        assertEquals(1, d.order(), "lowered until no folio is in the way");
        cache.unlockFolio(t, d);
        same(a, cache.getFolioForWrite(t, 7, 0), "an existing folio is returned");
        cache.unlockFolio(t, a);
        ok();
        assertTrue(msg(IllegalArgumentException.class, () -> cache.getFolioForWrite(t, 0, -1))
                .contains("order"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.getFolioForWrite(t, (PageCache.MAX_BYTE >> 4), 0)).contains("2^62"));
    }

    @Test

    @MayReleaseLocks
    void getFolioForWriteReplacesShadowsAndRetriesOnConcurrentInsert() {
        cache.installShadow(0, 1);
        cache.installShadow(2, 0);
        CachedFolio f = cache.getFolioForWrite(t, 0, 2);
        assertEquals(2, f.order());
        assertEquals(1, cache.entryCount(), "value entries in the range were replaced");
        cache.unlockFolio(t, f);
        ok();
        PageCache other = new PageCache("g", G);
        CachedFolio[] raced = new CachedFolio[1];
        ScriptedHook hook = new ScriptedHook("lock g folio 4", () -> raced[0] = other.installFolio(4, 0, true, false,
                null, null, null));
        TaskContext me = Tasks.task(validator, 3, hook);
        CachedFolio got = other.getFolioForWrite(me, 4, 2);
        same(raced[0], got, "-EEXIST: looked up again and found the other task's folio");
        assertTrue(got.lock.isHeldBy(me));
        other.unlockFolio(me, got);
        other.checkInvariants();
    }

    // ------------------------------------------------------------ __iomap_write_begin

    @Test

    @MayReleaseLocks
    void writeBeginDoesNothingForUptodateFoliosAndWholeFolioWrites() {
        CachedFolio up = cache.installFolio(0, 1, true, false, null, null, null);
        cache.lockFolio(t, 0);
        cache.writeBegin(t, up, 5, 3, MAPPED, 1000, DISK);
        assertFalse(up.hasBlockState());
        cache.unlockFolio(t, up);
        CachedFolio f = cache.getFolioForWrite(t, 4, 1);
        cache.writeBegin(t, f, 64, 32, MAPPED, 1000, DISK);
        assertFalse(f.hasBlockState(), "a write over the whole folio needs no ifs");
        assertFalse(f.testUptodate());
        cache.unlockFolio(t, f);
        ok();
    }

    @Test

    @MayReleaseLocks
    void writeBeginReadsPartialBlocksOfMappedExtents() {
        CachedFolio f = cache.getFolioForWrite(t, 0, 1);
        // write [5, 11): block 1 [4,8) partial, block 2 [8,12) partial -> one run [4,12) read.
        cache.writeBegin(t, f, 5, 6, MAPPED, 1000, DISK);
        assertTrue(f.hasBlockState());
        assertEquals("-UU-----", ifs(f));
        byte[] got = f.readBytes(4, 8);
        for (int i = 0; i < 8; i++) {
            assertEquals(disk(4 + i), got[i]);
        }
        cache.unlockFolio(t, f);
        ok();
    }

    @Test
    @MayReleaseLocks
    void writeBeginIntoAnEmptyFileZeroesThePartialBlocks() {
        CachedFolio f = cache.getFolioForWrite(t, 0, 1);
        // i_size 0: every block lies at or beyond EOF, so __iomap_write_begin zeroes the partial
        // blocks 0 and 1 of the write [1, 7) instead of reading them, even from a mapped extent.
        // The run starts at i_size, so iomap_adjust_read_range() looks for the block of
        // i_size - 1 = -1; the model used to throw on that negative offset.
        cache.writeBegin(t, f, 1, 6, MAPPED, 0, DISK);
        assertEquals("UU------", ifs(f));
        assertArrayEquals(new byte[8], f.readBytes(0, 8));
        cache.unlockFolio(t, f);
        ok();
    }

    @Test

    @MayReleaseLocks
    void writeBeginReadsTheWholeRunIncludingCoveredBlocks() {
        CachedFolio f = cache.getFolioForWrite(t, 0, 1);
        // write [2, 14): blocks 0..3; ends partial; run [0,16) read whole, middle blocks too.
        cache.writeBegin(t, f, 2, 12, MAPPED, 1000, DISK);
        assertEquals("UUUU----", ifs(f));
        assertEquals(disk(9), f.readBytes(9, 1)[0]);
        cache.unlockFolio(t, f);
    }

    @Test

    @MayReleaseLocks
    void writeBeginSkipsUptodateBlocksAndStopsRunsAtThem() {
        CachedFolio f = cache.installFolio(0, 1, false, false, bits("01000000"), bits("00000000"), null);
        cache.lockFolio(t, 0);
        // write [5, 14): block 1 uptodate (skipped), block 2 covered, block 3 partial.
        cache.writeBegin(t, f, 5, 9, MAPPED, 1000, DISK);
        assertEquals("-UUU----", ifs(f));
        assertEquals(0, f.readBytes(4, 1)[0], "the uptodate block was not re-read");
        cache.unlockFolio(t, f);
        CachedFolio g = cache.installFolio(2, 1, false, false, bits("00100000"), bits("00000000"), null);
        cache.lockFolio(t, 2);
        // write [33, 46): blocks 0..3 of g; block 2 uptodate splits the run: [0,8) then [12,16).
        cache.writeBegin(t, g, 33, 13, MAPPED, 1000, DISK);
        assertEquals("UUUU----", ifs(g));
        assertEquals(0, g.readBytes(8, 1)[0]);
        assertEquals(disk(32), g.readBytes(0, 1)[0]);
        assertEquals(disk(47), g.readBytes(15, 1)[0]);
        cache.unlockFolio(t, g);
        ok();
    }

    @Test

    @MayReleaseLocks
    void writeBeginZeroesOutsideTheWriteForNewOrUnmappedBlocksAndBeyondEof() {
        byte[] junk = new byte[32];
        Arrays.fill(junk, (byte) 7);
        for (Iomap srcmap : new Iomap[] {DELALLOC_NEW, new Iomap(Iomap.IOMAP_MAPPED, Iomap.IOMAP_F_NEW, 0, 64),
                new Iomap(Iomap.IOMAP_HOLE, 0, 0, 64)}) {
            PageCache c = new PageCache("z", G);
            CachedFolio f = c.installFolio(0, 1, false, false, null, null, junk);
            f.lock.lock(t, LockMode.EXCLUSIVE);
            c.writeBegin(t, f, 5, 6, srcmap, 1000, DISK);
            assertEquals("-UU-----", ifs(f));
            assertArrayEquals(new byte[] {0, 7, 7, 7, 7, 7, 7, 0}, f.readBytes(4, 8), srcmap.toString());
            c.unlockFolio(t, f);
            c.checkInvariants();
        }
        // Mapped, but EOF at 8: the run [4, 12) is split at the block holding EOF - 1; block 1
        // is read whole (over the write's bytes too), block [8, 12) starts at EOF: zeroed outside
        // the write.
        PageCache c = new PageCache("e", G);
        CachedFolio f = c.installFolio(0, 1, false, false, null, null, junk);
        f.lock.lock(t, LockMode.EXCLUSIVE);
        c.writeBegin(t, f, 5, 6, MAPPED, 8, DISK);
        assertEquals("-UU-----", ifs(f));
        assertArrayEquals(new byte[] {disk(4), disk(5), disk(6), disk(7), 7, 7, 7, 0}, f.readBytes(4, 8));
        c.unlockFolio(t, f);
    }

    /**
     * Folio 0 of order 1 (8 blocks of 4 bytes), not uptodate and clean, every byte -1, with the
     * given per-block uptodate bits, locked by {@code t}: the fixture of the run-splitting tests,
     * where a byte still -1 afterwards was neither read nor zeroed.
     */
    @MayReleaseLocks
    private CachedFolio lockedFolio0FilledWithMinusOne(String uptodateBits) {
        CachedFolio f = cache.installFolio(0, 1, false, false, bits(uptodateBits), bits("00000000"), minusOnes());
        cache.lockFolio(t, 0);
        return f;
    }

    /** @return the 32 bytes of an order-1 folio, each -1: a byte that was neither read nor zeroed */
    private static byte[] minusOnes() {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) -1);
        return bytes;
    }

    @Test
    @MayReleaseLocks
    void runsStopBeforeAnUptodateLastBlock() {
        CachedFolio f = lockedFolio0FilledWithMinusOne("01000000");
        // write [1, 6): blocks 0 and 1, both partial; block 1, the last, is uptodate, so the run
        // iomap_adjust_read_range() gives is block 0 alone and block 1's bytes are not re-read.
        cache.writeBegin(t, f, 1, 5, MAPPED, 1000, DISK);
        assertEquals("UU------", ifs(f));
        assertEquals(disk(0), f.readBytes(0, 1)[0]);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, f.readBytes(4, 4), "the uptodate block kept its bytes");
        cache.unlockFolio(t, f);
        // The read path's runs end the same way: the folio's last block is dirty and stays.
        CachedFolio g = cache.installFolio(2, 1, false, true, bits("00000001"), bits("00000001"), minusOnes());
        same(g, cache.readFolio(t, 2, 0, DISK));
        assertEquals("UUUUUUUD", ifs(g));
        assertEquals(disk(59), g.readBytes(27, 1)[0]);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, g.readBytes(28, 4), "the dirty block kept its bytes");
        ok();
    }

    @Test
    @MayReleaseLocks
    void aRunEndingBeforeEofIsNotSplitWhereEofWrapsIntoTheFolio() {
        CachedFolio f = cache.getFolioForWrite(t, 0, 1);
        // write [2, 16): the run [0, 16) ends far before EOF (1000), so it is read whole although
        // offset_in_folio(1000 - 1) = 7 lies in block 1; split there, its second half [8, 16)
        // would count as covered by the write and stay not uptodate.
        cache.writeBegin(t, f, 2, 14, MAPPED, 1000, DISK);
        assertEquals("UUUU----", ifs(f));
        assertEquals(disk(8), f.readBytes(8, 1)[0]);
        cache.unlockFolio(t, f);
        ok();
    }

    @Test
    @MayReleaseLocks
    void theEofSplitNeverLengthensARunCutAtAnUptodateBlock() {
        CachedFolio f = lockedFolio0FilledWithMinusOne("01000000");
        // write [1, 14) with EOF at 10 (block 2): runs [0, 4) (read; cut at uptodate block 1,
        // before the EOF block), [8, 12) (covered by the write: left to the copy), [12, 16)
        // (starts beyond EOF: zeroed outside the write).
        cache.writeBegin(t, f, 1, 13, MAPPED, 10, DISK);
        assertEquals("UU-U----", ifs(f));
        assertArrayEquals(new byte[] {disk(0), disk(1), disk(2), disk(3), -1, -1, -1, -1, -1, -1, -1, -1,
            -1, -1, 0, 0}, f.readBytes(0, 16));
        cache.unlockFolio(t, f);
        ok();
    }

    @Test
    @MayReleaseLocks
    void aRunStartingAfterTheEofBlockIsNotSplit() {
        CachedFolio f = lockedFolio0FilledWithMinusOne("11000000");
        // write [1, 14) with EOF at 6 (block 1): blocks 0 and 1 are uptodate and skipped, so the
        // run [8, 16) starts after the EOF block and is not split (first > end); it starts beyond
        // EOF, so it is zeroed outside the write: [14, 16).
        cache.writeBegin(t, f, 1, 13, MAPPED, 6, DISK);
        assertEquals("UUUU----", ifs(f));
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1, 0, 0}, f.readBytes(8, 8));
        cache.unlockFolio(t, f);
        ok();
    }

    @Test

    @MayReleaseLocks
    void writeBeginValidates() {
        CachedFolio f = cache.installFolio(0, 0, false, false, null, null, null);
        assertThrows(LockViolation.class, () -> cache.writeBegin(t, f, 0, 4, MAPPED, 100, DISK));
        cache.lockFolio(t, 0);
        assertTrue(msg(IllegalArgumentException.class, () -> cache.writeBegin(t, f, 10, 8, MAPPED, 100, DISK)).contains("not inside folio 0"));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.writeBegin(t, f, 10, 0, MAPPED, 100, DISK)).contains("lengthByte"));
        cache.unlockFolio(t, f);
    }

    // ------------------------------------------------------------ copy and __iomap_write_end

    @Test

    @MayReleaseLocks
    void writeEndMarksUptodateAndDirty() {
        CachedFolio f = cache.getFolioForWrite(t, 0, 1);
        cache.writeBegin(t, f, 5, 6, MAPPED, 1000, DISK);
        byte[] src = {50, 51, 52, 53, 54, 55};
        cache.copyFromUser(t, f, 5, src, 0, 6);
        assertTrue(cache.writeEnd(t, f, 5, 6, 6));
        assertEquals("-DD-----", ifs(f));
        assertTrue(f.testDirty());
        assertFalse(f.testUptodate());
        assertArrayEquals(src, f.readBytes(5, 6));
        cache.unlockFolio(t, f);
        ok();
    }

    @Test

    @MayReleaseLocks
    void shortCopyIntoANotUptodateFolioIsRejectedButTheBytesLand() {
        CachedFolio f = cache.getFolioForWrite(t, 0, 1);
        cache.writeBegin(t, f, 4, 8, MAPPED, 1000, DISK);
        cache.copyFromUser(t, f, 4, new byte[] {9, 9, 9}, 0, 3);
        assertFalse(cache.writeEnd(t, f, 4, 8, 3));
        assertFalse(f.testDirty());
        assertEquals("--------", ifs(f));
        assertEquals(9, f.readBytes(5, 1)[0]);
        cache.unlockFolio(t, f);
        ok();
    }

    @Test

    @MayReleaseLocks
    void shortCopyIntoAnUptodateFolioDirtiesOnlyTheCopiedBlocks() {
        CachedFolio f = cache.installFolio(0, 1, true, false, bits("11111111"), bits("00000000"), null);
        cache.lockFolio(t, 0);
        cache.copyFromUser(t, f, 6, new byte[] {1, 2, 3}, 0, 3);
        assertTrue(cache.writeEnd(t, f, 6, 10, 3));
        assertEquals("UDDUUUUU", ifs(f));
        // copied == 0 at an unaligned offset: the kernel's arithmetic marks the block holding it.
        assertTrue(cache.writeEnd(t, f, 21, 3, 0));
        assertEquals("UDDUUDUU", ifs(f));
        // copied == 0 at an aligned offset, and at offset 0: nothing.
        assertTrue(cache.writeEnd(t, f, 24, 3, 0));
        assertTrue(cache.writeEnd(t, f, 0, 3, 0));
        assertEquals("UDDUUDUU", ifs(f));
        cache.unlockFolio(t, f);
        ok();
    }

    @Test

    @MayReleaseLocks
    void writeEndWithoutIfsDirtiesTheFolio() {
        CachedFolio f = cache.installFolio(0, 0, true, false, null, null, null);
        cache.lockFolio(t, 0);
        assertTrue(cache.writeEnd(t, f, 0, 16, 16));
        assertTrue(f.testDirty());
        assertFalse(f.hasBlockState());
        cache.unlockFolio(t, f);
        CachedFolio g = cache.getFolioForWrite(t, 1, 0);
        cache.writeBegin(t, g, 16, 16, MAPPED, 1000, DISK);
        cache.copyFromUser(t, g, 16, new byte[16], 0, 16);
        assertTrue(cache.writeEnd(t, g, 16, 16, 16));
        assertTrue(g.testUptodate());
        assertTrue(g.testDirty());
        assertFalse(g.hasBlockState());
        cache.unlockFolio(t, g);
        ok();
    }

    @Test

    @MayReleaseLocks
    void copyAndWriteEndValidate() {
        CachedFolio f = cache.installFolio(0, 0, true, false, null, null, null);
        assertThrows(LockViolation.class, () -> cache.writeEnd(t, f, 0, 4, 4));
        assertThrows(LockViolation.class, () -> cache.copyFromUser(t, f, 0, new byte[4], 0, 4));
        cache.lockFolio(t, 0);
        assertTrue(msg(IllegalArgumentException.class, () -> cache.writeEnd(t, f, 0, 4, 5))
                .contains("copiedByte"));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.writeEnd(t, f, 0, 4, -1))
                .contains("copiedByte"));
        // writeEnd's own message, not the one setRangeUptodate would give further in.
        assertEquals("lengthByte must be > 0, was 0",
                msg(IllegalArgumentException.class, () -> cache.writeEnd(t, f, 0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> cache.writeEnd(t, f, 14, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> cache.copyFromUser(t, f, 0, new byte[4], 1, 4));
        assertThrows(IllegalArgumentException.class, () -> cache.copyFromUser(t, f, 0, new byte[4], -1, 2));
        assertThrows(IllegalArgumentException.class, () -> cache.copyFromUser(t, f, 15, new byte[4], 0, 2));
        cache.unlockFolio(t, f);
    }

    // ------------------------------------------------------------ reads

    @Test

    @MayReleaseLocks
    void readCreatesAnUptodateFolioFromTheStore() {
        CachedFolio f = cache.readFolio(t, 4, 2, DISK);
        assertEquals(2, f.order());
        assertTrue(f.testUptodate());
        assertTrue(f.hasBlockState(), "iomap reads give multi-block folios an ifs");
        assertEquals("UUUUUUUUUUUUUUUU", ifs(f));
        assertEquals(disk(64 + 37), f.readBytes(37, 1)[0]);
        assertFalse(f.testLocked());
        assertNull(cache.invalidateLockModel().heldMode());
        assertTrue(t.heldLocks().isEmpty());
        CachedFolio z = cache.readFolio(t, 0, 0, BackingStore.ZEROS);
        assertArrayEquals(new byte[16], z.readBytes(0, 16));
        PageCache single = new PageCache("s", new Geometry(16, 16, 1));
        assertFalse(single.readFolio(t, 0, 0, DISK).hasBlockState(), "a single-block folio gets no ifs");
        assertTrue(single.readFolio(t, 2, 1, DISK).hasBlockState(), "two blocks: ifs");
        ok();
    }

    @Test

    @MayReleaseLocks
    void readFillsOnlyBlocksThatAreNotUptodate() {
        CachedFolio f = cache.installFolio(0, 1, false, true, bits("01100000"), bits("01000000"), minusOnes());
        same(f, cache.readFolio(t, 1, 0, DISK));
        assertTrue(f.testUptodate());
        assertEquals("UDUUUUUU", ifs(f));
        assertEquals(-1, f.readBytes(4, 1)[0], "the dirty block kept its data");
        assertEquals(-1, f.readBytes(8, 1)[0]);
        assertEquals(disk(0), f.readBytes(0, 1)[0]);
        assertEquals(disk(31), f.readBytes(31, 1)[0]);
        CachedFolio up = cache.installFolio(2, 1, true, false, null, null, minusOnes());
        cache.readFolio(t, 2, 0, DISK);
        assertEquals(-1, up.readBytes(0, 1)[0], "an uptodate folio is not re-read");
        assertFalse(up.hasBlockState(), "nor given an ifs: the read path skips uptodate folios");
        ok();
    }

    @Test

    @MayReleaseLocks
    void readTakesTheInvalidateLockShared() {
        TaskContext other = Tasks.task(validator, 1, new SequentialHook());
        cache.invalidateLockShared(other);
        cache.readFolio(t, 0, 0, DISK);
        cache.invalidateUnlock(other);
        cache.invalidateLock(other);
        LockViolation v = assertThrows(LockViolation.class, () -> cache.readFolio(t, 1, 0, DISK));
        assertEquals(LockViolation.Kind.DEADLOCK, v.kind());
    }

    // ------------------------------------------------------------ dirtying and writeback

    @Test

    @MayReleaseLocks
    void dirtyFolioMarksEveryBlock() {
        CachedFolio f = cache.installFolio(0, 1, true, false, null, null, null);
        cache.lockFolio(t, 0);
        cache.dirtyFolio(t, f);
        assertEquals("DDDDDDDD", ifs(f));
        assertTrue(f.testDirty());
        cache.unlockFolio(t, f);
        CachedFolio g = cache.installFolio(2, 1, false, false, null, null, null);
        cache.lockFolio(t, 2);
        assertTrue(msg(IllegalStateException.class, () -> cache.dirtyFolio(t, g))
                .contains("not uptodate"));
        cache.unlockFolio(t, g);
        PageCache single = new PageCache("s", new Geometry(16, 16, 0));
        CachedFolio s = single.installFolio(0, 0, true, false, null, null, null);
        single.lockFolio(t, 0);
        single.dirtyFolio(t, s);
        assertFalse(s.hasBlockState(), "a single-block folio never gets an ifs");
        assertTrue(s.testDirty());
        single.unlockFolio(t, s);
        ok();
    }

    @Test

    @MayReleaseLocks
    void storesNeedDirtyBlocks() {
        CachedFolio f = cache.installFolio(0, 0, true, false, null, null, null);
        CachedFolio g = cache.installFolio(1, 0, true, false, null, null, null);
        assertTrue(msg(IllegalStateException.class, () -> cache.storeBytes(t, 14, new byte[] {1, 2, 3, 4})).contains("byte 14"));
        cache.lockFolio(t, 0);
        cache.dirtyFolio(t, f);
        cache.unlockFolio(t, f);
        assertTrue(msg(IllegalStateException.class, () -> cache.storeBytes(t, 14, new byte[] {1, 2, 3, 4})).contains("byte 16"));
        cache.lockFolio(t, 1);
        cache.dirtyFolio(t, g);
        cache.unlockFolio(t, g);
        cache.storeBytes(t, 14, new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {1, 2}, f.readBytes(14, 2));
        assertArrayEquals(new byte[] {3, 4}, g.readBytes(0, 2));
        assertThrows(IllegalArgumentException.class, () -> cache.storeBytes(t, -1, new byte[1]));
        ok();
    }

    @Test

    @MayReleaseLocks
    void writebackReportsDirtyRunsAndCleans() {
        CachedFolio f = cache.installFolio(0, 1, true, true, bits("11111111"), bits("01101001"), null);
        cache.lockFolio(t, 0);
        List<ByteRange> ranges = cache.writebackStart(t, f);
        assertEquals(List.of(new ByteRange(4, 12), new ByteRange(16, 20), new ByteRange(28, 32)), ranges);
        assertFalse(f.testDirty());
        assertTrue(f.testWriteback());
        assertEquals("UUUUUUUU", ifs(f));
        assertTrue(msg(IllegalStateException.class, () -> cache.writebackStart(t, f))
                .contains("clean"));
        cache.unlockFolio(t, f);
        ok();
        cache.writebackEnd(t, f);
        assertFalse(f.testWriteback());
        assertTrue(msg(IllegalStateException.class, () -> cache.writebackEnd(t, f))
                .contains("not under writeback"));
        CachedFolio g = cache.installFolio(2, 1, true, true, null, null, null);
        cache.lockFolio(t, 2);
        assertEquals(List.of(new ByteRange(32, 64)), cache.writebackStart(t, g));
        cache.dirtyFolio(t, g);
        assertTrue(msg(IllegalStateException.class, () -> cache.writebackStart(t, g))
                .contains("already under writeback"));
        cache.unlockFolio(t, g);
        ok();
    }

    // ------------------------------------------------------------ truncation and invalidation

    @Test

    @MayReleaseLocks
    void truncateRangeRemovesWholeFoliosDirtyOrNotAndZeroesEdges() {
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 1);
        CachedFolio head = cache.installFolio(0, 0, true, true, null, null, ones);
        CachedFolio mid = cache.installFolio(1, 0, true, true, null, null, ones);
        cache.installShadow(2, 1);
        CachedFolio tail = cache.installFolio(4, 0, true, false, null, null, ones);
        cache.truncatePagecacheRange(t, 10, 70);
        assertTrue(head.inMapping());
        assertArrayEquals(new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, head.readBytes(0, 16));
        assertTrue(head.testDirty(), "partial truncation keeps the folio's state");
        assertFalse(mid.inMapping());
        assertFalse(mid.testDirty());
        assertNull(cache.entryAt(2));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, tail.readBytes(0, 16));
        assertTrue(t.heldLocks().isEmpty());
        ok();
    }

    @Test

    @MayReleaseLocks
    void truncateRangeInsideOneFolioAndOverAWholeFolio() {
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 1);
        CachedFolio big = cache.installFolio(0, 2, true, false, null, null, ones);
        cache.truncatePagecacheRange(t, 20, 30);
        assertTrue(big.inMapping());
        assertEquals(0, big.readBytes(20, 1)[0]);
        assertEquals(0, big.readBytes(29, 1)[0]);
        assertEquals(1, big.readBytes(30, 1)[0]);
        assertEquals(1, big.readBytes(19, 1)[0]);
        CachedFolio other = cache.installFolio(4, 0, true, true, null, null, null);
        cache.truncatePagecacheRange(t, 64, 80);
        assertFalse(other.inMapping());
        cache.truncatePagecacheRange(t, 0, 64);
        assertFalse(big.inMapping());
        assertEquals(0, cache.entryCount());
        assertThrows(IllegalArgumentException.class, () -> cache.truncatePagecacheRange(t, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> cache.truncatePagecacheRange(t, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> cache.truncatePagecacheRange(t, 0, PageCache.MAX_BYTE + 1));
        ok();
    }

    @Test

    @MayReleaseLocks
    void truncateWaitsForWriteback() {
        CachedFolio f = cache.installFolio(1, 0, true, true, null, null, null);
        cache.lockFolio(t, 1);
        cache.writebackStart(t, f);
        cache.unlockFolio(t, f);
        TaskContext io = Tasks.task(validator, 1, new SequentialHook());
        ScriptedHook hook = new ScriptedHook("never", () -> cache.writebackEnd(io, f));
        TaskContext me = Tasks.task(validator, 2, hook);
        cache.truncatePagecache(me, 0);
        assertTrue(hook.fired());
        assertFalse(f.inMapping());
        CachedFolio g = cache.installFolio(1, 0, true, true, null, null, null);
        cache.lockFolio(t, 1);
        cache.writebackStart(t, g);
        cache.unlockFolio(t, g);
        assertTrue(msg(IllegalStateException.class, () -> cache.truncatePagecache(t, 8))
                .contains("writeback of folio 1"));
    }

    @Test

    @MayReleaseLocks
    void truncateToSize() {
        CachedFolio a = cache.installFolio(0, 0, true, true, null, null, null);
        CachedFolio b = cache.installFolio(1, 0, true, true, null, null, null);
        cache.installShadow(4, 2);
        cache.storeBytes(t, 0, new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        cache.truncatePagecache(t, 5);
        assertTrue(a.inMapping());
        assertEquals(1, a.readBytes(4, 1)[0]);
        assertEquals(0, a.readBytes(5, 1)[0]);
        assertFalse(b.inMapping());
        assertEquals(1, cache.entryCount());
        cache.truncatePagecache(t, PageCache.MAX_BYTE);
        assertEquals(1, cache.entryCount());
        assertThrows(IllegalArgumentException.class, () -> cache.truncatePagecache(t, -1));
        assertThrows(IllegalArgumentException.class, () -> cache.truncatePagecache(t, PageCache.MAX_BYTE + 1));
        ok();
    }

    @Test

    @MayReleaseLocks
    void invalidateAfterDirectWriteKeepsDirtyFolios() {
        CachedFolio clean = cache.installFolio(0, 0, true, false, bits("1111"), bits("0000"), null);
        CachedFolio dirty = cache.installFolio(1, 0, true, true, null, null, null);
        cache.installShadow(2, 0);
        CachedFolio beyond = cache.installFolio(4, 0, true, false, null, null, null);
        assertEquals(-16, cache.invalidateInodePages2Range(t, 0, 3));
        assertFalse(clean.inMapping());
        assertFalse(clean.hasBlockState());
        assertTrue(dirty.inMapping());
        assertNull(cache.entryAt(2));
        assertTrue(beyond.inMapping());
        assertEquals(0, cache.invalidateInodePages2Range(t, 4, Long.MAX_VALUE));
        assertFalse(beyond.inMapping());
        assertThrows(IllegalArgumentException.class, () -> cache.invalidateInodePages2Range(t, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> cache.invalidateInodePages2Range(t, -1, 2));
        ok();
    }

    @Test

    @MayReleaseLocks
    void dropCachesEvictsOnlyCleanUnlockedFolios() {
        CachedFolio clean = cache.installFolio(0, 0, true, false, null, null, null);
        CachedFolio dirty = cache.installFolio(1, 0, true, true, null, null, null);
        CachedFolio locked = cache.installFolio(2, 0, true, false, null, null, null);
        CachedFolio wb = cache.installFolio(3, 0, true, true, null, null, null);
        cache.installShadow(4, 0);
        cache.lockFolio(t, 3);
        cache.writebackStart(t, wb);
        cache.unlockFolio(t, wb);
        TaskContext other = Tasks.task(validator, 1, new SequentialHook());
        cache.lockFolio(other, 2);
        assertEquals(1, cache.dropCaches(t));
        assertFalse(clean.inMapping());
        assertTrue(dirty.inMapping());
        assertTrue(locked.inMapping());
        assertTrue(wb.inMapping());
        assertNull(cache.entryAt(4));
        cache.unlockFolio(other, locked);
        ok();
    }

    @Test

    @MayReleaseLocks
    void reclaimLeavesAShadowThatSeeksAsData() {
        CachedFolio f = cache.installFolio(4, 2, true, false, null, null, null);
        cache.installFolio(0, 0, true, true, null, null, null);
        assertFalse(cache.evictFolio(t, 0), "dirty");
        assertFalse(cache.evictFolio(t, 2), "nothing there");
        assertTrue(cache.evictFolio(t, 5));
        assertFalse(f.inMapping());
        CacheEntry e = nn(cache.entryAt(7));
        assertTrue(e instanceof ShadowEntry);
        assertEquals(4, e.index());
        assertEquals(2, e.order());
        assertTrue(cache.dataAt(100));
        assertEquals(64, cache.seekHoleData(t, 16, 1000, 3));
        assertFalse(cache.evictFolio(t, 4), "a value entry is not a folio");
        TaskContext other = Tasks.task(validator, 1, new SequentialHook());
        CachedFolio g = cache.installFolio(8, 0, true, false, null, null, null);
        cache.lockFolio(other, 8);
        assertFalse(cache.evictFolio(t, 8), "locked");
        cache.unlockFolio(other, g);
        ok();
    }

    // ------------------------------------------------------------ set-up and queries

    @Test

    @MayReleaseLocks
    void installRejectsUnreachableStates() {
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(1, 1, true, false, null, null, null)).contains("naturally aligned"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 3, true, false, null, null, null)).contains("maxFolioOrder"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(-4, 0, true, false, null, null, null)).contains("index"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 0, false, true, null, null, null)).contains("dirty but not uptodate"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 0, true, false, bits("1111"), bits("0100"), null))
                .contains("clean"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 0, true, true, bits("1011"), bits("0100"), null))
                .contains("dirty but not uptodate"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 0, false, false, bits("1111"), bits("0000"), null))
                .contains("every-block-uptodate"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 0, false, false, bits("111"), bits("000"), null))
                .contains("length 3"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 0, false, false, bits("1111"), null, null))
                .contains("must exist together"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(0, 0, false, false, null, null, new byte[3]))
                .contains("size 16"));
        PageCache single = new PageCache("s", new Geometry(16, 16, 0));
        assertTrue(msg(IllegalArgumentException.class,
                () -> single.installFolio(0, 0, true, false, bits("1"), bits("0"), null))
                .contains("1 block"));
        cache.installFolio(4, 2, true, false, null, null, null);
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(6, 0, true, false, null, null, null)).contains("overlaps"));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.installShadow(4, 0))
                .contains("overlaps a folio"));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.installShadow(0, 3))
                .contains("maxFolioOrder"));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.installShadow(3, 1))
                .contains("naturally aligned"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installShadow(PageCache.MAX_BYTE >> 4, 0)).contains("2^62"));
        assertTrue(msg(IllegalArgumentException.class,
                () -> cache.installFolio(PageCache.MAX_BYTE >> 4, 0, true, false, null, null, null))
                .contains("2^62"));
        cache.installShadow(0, 1);
        cache.installShadow(0, 0);
        assertEquals(0, nn(cache.entryAt(0)).order(), "a value entry replaces value entries");
        assertNull(cache.entryAt(1));
        ok();
    }

    @Test

    @MayReleaseLocks
    void specificationQueries() {
        cache.installFolio(0, 1, false, true, bits("01100000"), bits("01000000"), null);
        cache.installFolio(2, 0, true, true, null, null, null);
        cache.installShadow(3, 0);
        assertFalse(cache.dataAt(3));
        assertTrue(cache.dataAt(4));
        assertTrue(cache.dataAt(11));
        assertFalse(cache.dataAt(12));
        assertTrue(cache.dataAt(40));
        assertTrue(cache.dataAt(50));
        assertFalse(cache.dataAt(64));
        assertTrue(cache.folioDirtyAt(0));
        assertTrue(cache.blockDirtyAt(4));
        assertFalse(cache.blockDirtyAt(8));
        assertTrue(cache.blockDirtyAt(40));
        assertFalse(cache.folioDirtyAt(50));
        assertFalse(cache.blockDirtyAt(50));
        assertFalse(cache.folioDirtyAt(64));
        assertFalse(cache.blockDirtyAt(64));
        assertThrows(IllegalArgumentException.class, () -> cache.dataAt(-1));
        assertThrows(IllegalArgumentException.class, () -> cache.folioDirtyAt(-1));
        assertThrows(IllegalArgumentException.class, () -> cache.blockDirtyAt(-1));
        assertThrows(IllegalArgumentException.class, () -> cache.entryAt(-1));
    }

    // ------------------------------------------------------------ value semantics

    @Test
    @MayReleaseLocks
    void boundariesAtTheTopOfTheFile() {
        long lastPage = (PageCache.MAX_BYTE >> 4) - 1;
        CachedFolio top = cache.installFolio(lastPage, 0, true, true, null, null, null);
        assertEquals(PageCache.MAX_BYTE, top.endByte());
        cache.storeBytes(t, PageCache.MAX_BYTE - 2, new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, top.readBytes(14, 2));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.storeBytes(t, PageCache.MAX_BYTE - 1,
                new byte[] {4, 5})).contains("posByte"));
        cache.truncatePagecache(t, PageCache.MAX_BYTE);
        assertTrue(top.inMapping());
        assertEquals(PageCache.MAX_BYTE - 16, cache.seekHoleData(t, 0, PageCache.MAX_BYTE, 3));
        cache.truncatePagecacheRange(t, PageCache.MAX_BYTE - 8, PageCache.MAX_BYTE);
        assertEquals(0, top.readBytes(8, 1)[0]);
        cache.truncatePagecacheRange(t, PageCache.MAX_BYTE - 16, PageCache.MAX_BYTE);
        assertFalse(top.inMapping());
        cache.installShadow(lastPage - 1, 0);
        assertEquals(1, cache.entryCount());
        assertEquals(62, new ShadowEntry(0, 62).order());
        assertTrue(msg(IllegalArgumentException.class, () -> new ShadowEntry(0, 63)).contains("order"));
        assertTrue(msg(IllegalArgumentException.class, () -> new ShadowEntry(0, -1)).contains("order"));
        ok();
    }

    @Test
    void unequalFoliosHashDifferently() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        PageCache c = new PageCache("h", G);
        hashes.add(c.hashCode());
        c.installFolio(0, 0, false, false, null, null, null);
        hashes.add(c.hashCode());
        CachedFolio f = c.folioAt(0);
        hashes.add(nn(f).hashCode());
        c.installFolio(2, 1, true, false, null, null, null);
        hashes.add(c.hashCode());
        c.installShadow(4, 0);
        hashes.add(c.hashCode());
        hashes.add(new ShadowEntry(4, 0).hashCode());
        hashes.add(new ShadowEntry(4, 1).hashCode());
        hashes.add(new ShadowEntry(8, 0).hashCode());
        hashes.add(new PageCache("g", G).hashCode());
        hashes.add(new PageCache("h", new Geometry(16, 4, 1)).hashCode());
        for (boolean up : new boolean[] {false, true}) {
            for (boolean dirty : new boolean[] {false, true}) {
                if (dirty && !up) {
                    continue;
                }
                PageCache v = new PageCache("v", G);
                hashes.add(v.installFolio(0, 1, up, dirty, null, null, null).hashCode());
                PageCache w = new PageCache("v", G);
                hashes.add(w.installFolio(0, 1, up, dirty, null, null, new byte[] {
                    9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
                        .hashCode());
            }
        }
        PageCache b = new PageCache("v", G);
        hashes.add(b.installFolio(0, 1, true, true, bits("11111111"), bits("10000000"), null).hashCode());
        PageCache d = new PageCache("v", G);
        hashes.add(d.installFolio(0, 1, false, false, bits("10000000"), bits("00000000"), null).hashCode());
        assertEquals(18, hashes.size(), hashes.toString());
    }

    @Test

    @MayReleaseLocks
    void copyEqualsAndHash() {
        cache.installFolio(0, 1, false, true, bits("01100000"), bits("01000000"), null);
        cache.installShadow(2, 1);
        CachedFolio f = cache.installFolio(4, 2, true, false, null, null, null);
        PageCache copy = cache.copy();
        assertEquals(cache, copy);
        assertEquals(cache.hashCode(), copy.hashCode());
        assertEquals(cache.toString(), copy.toString());
        assertNotEquals(cache, null);
        assertNotEquals(cache, "f");
        cache.lockFolio(t, 4);
        assertNotEquals(cache, copy, "lock holders are state");
        cache.unlockFolio(t, f);
        assertEquals(cache, copy);
        f.writeBytes(3, new byte[] {5}, 0, 1);
        assertNotEquals(cache, copy, "bytes are state");
        assertFalse(nn(copy.folioAt(4)).readBytes(3, 1)[0] == 5, "the copy is deep");
        f.writeBytes(3, new byte[] {0}, 0, 1);
        assertEquals(cache, copy, "allocated zero bytes equal unallocated ones");
        assertEquals(cache.hashCode(), copy.hashCode());
        cache.invalidateLock(t);
        assertNotEquals(cache, copy);
        cache.invalidateUnlock(t);
        assertNotEquals(new PageCache("g", G), new PageCache("f", G));
        assertNotEquals(new PageCache("f", new Geometry(16, 4, 1)), new PageCache("f", G));
        PageCache e1 = new PageCache("f", G);
        e1.installShadow(0, 0);
        PageCache e2 = new PageCache("f", G);
        e2.installShadow(1, 0);
        assertNotEquals(e1, e2);
        assertTrue(cache.toString().startsWith("pagecache f [folio{index=0, order=1, dirty, ifs=-DU-----}, shadow{"));
    }

    @Test

    @MayReleaseLocks
    void folioValueSemantics() {
        PageCache a = new PageCache("f", G);
        PageCache b = new PageCache("f", G);
        CachedFolio x = a.installFolio(0, 1, true, true, bits("11111111"), bits("00100000"), null);
        CachedFolio y = b.installFolio(0, 1, true, true, bits("11111111"), bits("00100000"), null);
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertNotEquals(x, "x");
        CachedFolio[] variants = {
            new PageCache("f", G).installFolio(0, 1, true, true, bits("11111111"), bits("00010000"), null),
            new PageCache("f", G).installFolio(0, 1, true, true, null, null, null),
            new PageCache("f", G).installFolio(0, 1, true, false, bits("11111111"), bits("00000000"), null),
            new PageCache("f", G).installFolio(0, 0, true, true, bits("1111"), bits("0010"), null),
            new PageCache("f", G).installFolio(2, 1, true, true, bits("11111111"), bits("00100000"), null),
            new PageCache("f", new Geometry(16, 8, 2)).installFolio(0, 1, true, true, bits("1111"), bits("0100"), null),
            new PageCache("f", new Geometry(8, 4, 2)).installFolio(0, 1, true, true, bits("1111"), bits("0100"), null),
            new PageCache("f", G).installFolio(0, 1, true, true, bits("11111111"), bits("00100000"), new byte[] {
                1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
        };
        for (CachedFolio v : variants) {
            assertNotEquals(x, v, v.toString());
        }
        CachedFolio wb = new PageCache("f", G).installFolio(0, 1, true, true, bits("11111111"), bits("00100000"), null);
        wb.lock.lock(t, LockMode.EXCLUSIVE);
        wb.startWriteback();
        wb.dirtyWholeFolio();
        wb.setRangeDirty(0, 0);
        assertEquals("folio{index=0, order=1, uptodate, dirty, writeback, ifs=DDDDDDDD}", wb.toString());
        assertNotEquals(x.copy(), wb);
        wb.lock.unlock(t);
        CachedFolio removed = x.copy();
        removed.lock.lock(t, LockMode.EXCLUSIVE);
        removed.invalidateWhole();
        removed.removeFromMapping();
        assertEquals("folio{index=0, order=1, uptodate, truncated}", removed.toString());
        removed.lock.unlock(t);
        assertNotEquals(x, removed);
        assertEquals(new ShadowEntry(4, 2), new ShadowEntry(4, 2));
        assertEquals(new ShadowEntry(4, 2).hashCode(), new ShadowEntry(4, 2).hashCode());
        assertNotEquals(new ShadowEntry(4, 2), new ShadowEntry(8, 2));
        assertNotEquals(new ShadowEntry(4, 2), new ShadowEntry(4, 1));
        assertNotEquals(new ShadowEntry(4, 2), "s");
        assertEquals("shadow{index=4, order=2}", new ShadowEntry(4, 2).toString());
        assertEquals(8, new ShadowEntry(4, 2).nextIndex());
    }

    @Test

    @MayReleaseLocks
    void folioAccessorsAndChecks() {
        CachedFolio f = cache.installFolio(4, 2, false, false, null, null, null);
        assertEquals(64, f.pos());
        assertEquals(64, f.size());
        assertEquals(128, f.endByte());
        assertEquals(8, f.nextIndex());
        assertEquals(16, f.nrBlocks());
        assertEquals(2, f.blkbits());
        assertEquals(5, f.offsetInFolio(69));
        assertEquals(5, f.offsetInFolio(5));
        assertThrows(IllegalArgumentException.class, () -> f.offsetInFolio(-1));
        assertFalse(f.hasBlockState());
        assertTrue(msg(IllegalStateException.class, () -> f.testBlockDirty(0)).contains("ifs"));
        assertTrue(msg(IllegalStateException.class, () -> f.testBlockUptodate(0)).contains("ifs"));
        CachedFolio g = cache.installFolio(0, 0, false, false, bits("0100"), bits("0000"), null);
        assertTrue(g.testBlockUptodate(1));
        assertFalse(g.testBlockUptodate(0));
        assertThrows(IllegalArgumentException.class, () -> g.testBlockUptodate(4));
        assertThrows(IllegalArgumentException.class, () -> g.testBlockUptodate(-1));
        assertThrows(IllegalArgumentException.class, () -> g.testBlockDirty(4));
        assertThrows(IllegalArgumentException.class, () -> g.readBytes(15, 2));
        assertThrows(IllegalArgumentException.class, () -> g.readBytes(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> g.readBytes(0, -1));
        g.lock.lock(t, LockMode.EXCLUSIVE);
        boolean[] threw = new boolean[2];
        try {
            g.setRangeUptodate(0, 0);
        } catch (IllegalArgumentException e) {
            threw[0] = e.getMessage() != null && String.valueOf(e.getMessage()).contains("lengthByte");
        }
        try {
            g.setRangeUptodate(12, 8);
        } catch (IllegalArgumentException e) {
            threw[1] = String.valueOf(e.getMessage()).contains("not inside folio 0");
        }
        assertTrue(threw[0] && threw[1]);
        assertTrue(g.markDirtyFlag());
        assertFalse(g.markDirtyFlag());
        g.lock.unlock(t);
        assertNull(f.invariantViolation());
    }

    @Test

    @MayReleaseLocks
    void handlesDelegateAsTheTask() {
        CachedFolio f = cache.installFolio(0, 1, true, true, bits("11111111"), bits("00100000"), null);
        cache.installFolio(2, 0, true, false, null, null, null);
        CacheAddressSpace as = cache.forTask(t);
        same(cache, as.cache());
        same(t, as.task());
        assertEquals(4, as.pageShift());
        assertEquals(48, as.seekHoleData(0, 100, 4));
        assertEquals(0, as.seekHoleData(0, 100, 3));
        LockedFolio none = as.lockFolio(5);
        if (none != null) {
            none.unlock();
            throw new AssertionError("no folio covers page 5");
        }
        LockedFolio lf = nn(as.lockFolio(1));
        same(f, lf.folio());
        assertEquals(0, lf.index());
        assertEquals(2, lf.nextIndex());
        assertEquals(0, lf.pos());
        assertEquals(32, lf.size());
        assertTrue(lf.testDirty());
        assertTrue(lf.hasBlockState());
        assertTrue(lf.testBlockDirty(2));
        assertFalse(lf.testBlockDirty(1));
        assertTrue(lf.toString().startsWith("locked folio{index=0"));
        lf.unlock();
        assertFalse(f.testLocked());
        as.invalidateLock();
        assertTrue(as.invalidateLockHeldWrite());
        as.invalidateUnlock();
        assertFalse(as.invalidateLockHeldWrite());
        assertTrue(as.dataAt(8));
        assertTrue(as.folioDirtyAt(8));
        assertTrue(as.blockDirtyAt(8));
        assertFalse(as.blockDirtyAt(4));
        as.truncatePagecacheRange(32, 48);
        assertNull(cache.entryAt(2));
        assertEquals("f as t0", as.toString());
        ok();
    }

    @Test

    @MayReleaseLocks
    void invariantViolationsOfTheCacheAreReported() {
        assertNull(cache.invariantViolation());
        cache.checkInvariants();
        CachedFolio f = cache.installFolio(0, 0, true, false, null, null, null);
        f.lock.lock(t, LockMode.EXCLUSIVE);
        f.removeFromMapping();
        f.lock.unlock(t);
        assertTrue(nn(cache.invariantViolation()).contains("not in the mapping"));
        assertTrue(msg(IllegalStateException.class, cache::checkInvariants)
                .startsWith("page cache f: folio 0"));
    }

    @Test
    @MayReleaseLocks
    void seekNamesItsDirectionAtItsSchedulingPoint() {
        cache.installFolio(0, 0, true, false, null, null, null);
        for (int whence : new int[] {AddressSpace.SEEK_DATA, AddressSpace.SEEK_HOLE}) {
            ScriptedHook hook = new ScriptedHook("never", () -> { });
            TaskContext seeker = Tasks.task(validator, 10 + whence, hook);
            cache.seekHoleData(seeker, 0, 64, whence);
            String dir = whence == AddressSpace.SEEK_DATA ? "data" : "hole";
            assertEquals("seek " + dir + " [0, 64) of f", hook.points.get(0), hook.points.toString());
        }
    }
}
