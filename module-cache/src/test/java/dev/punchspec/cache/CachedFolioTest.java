package dev.punchspec.cache;

import static dev.punchspec.cache.Checks.msg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link CachedFolio} on its own: value equality one field at a time, {@code ifs_alloc()}'s copy
 * of the folio flags, {@code ifs_set_range_dirty()}'s block arithmetic, and the range checks of
 * the byte operations. Folios have pages of 16 bytes and blocks of 4 unless a test says otherwise.
 */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
class CachedFolioTest {

    final TaskContext t = Tasks.task(new LockValidator(ViolationPolicy.THROW), 0, new SequentialHook());

    /** A new folio at page 0 of mapping "f". */
    static CachedFolio folio(int order, int pageShift, int blkbits) {
        return new CachedFolio(0, order, pageShift, blkbits, "f");
    }

    /** A new order-0 folio at page 0 (16 bytes, 4 blocks) in the given state. */
    static CachedFolio folio(boolean uptodate, boolean dirty, String up, String dt, byte @Nullable [] bytes) {
        CachedFolio f = folio(0, 4, 2);
        f.install(uptodate, dirty, up.isEmpty() ? null : InvariantViolationTest.bits(up),
                dt.isEmpty() ? null : InvariantViolationTest.bits(dt), bytes);
        return f;
    }

    static byte[] bytes(int first) {
        byte[] b = new byte[16];
        b[0] = (byte) first;
        return b;
    }

    private static void unequal(CachedFolio a, CachedFolio b) {
        assertNull(a.invariantViolation());
        assertNull(b.invariantViolation());
        assertNotEquals(a, b);
        assertNotEquals(b, a);
    }

    // ------------------------------------------------------------ equals, one field at a time

    @Test
    void equalFoliosAndTheirHashes() {
        assertEquals(folio(0, 4, 2), folio(0, 4, 2));
        assertEquals(folio(true, true, "1111", "0100", bytes(7)), folio(true, true, "1111", "0100", bytes(7)));
        CachedFolio zeros = folio(true, false, "", "", new byte[16]);
        CachedFolio none = folio(true, false, "", "", null);
        assertEquals(zeros, none, "allocated zero bytes equal unallocated ones");
        assertEquals(none, zeros, "and unallocated bytes equal allocated zero ones");
        assertEquals(zeros.hashCode(), none.hashCode());
    }

    @Test
    void indexIsState() {
        unequal(folio(0, 4, 2), new CachedFolio(1, 0, 4, 2, "f"));
    }

    @Test
    void orderIsState() {
        unequal(folio(0, 4, 2), folio(1, 4, 2));
    }

    @Test
    void pageShiftIsState() {
        unequal(folio(0, 4, 2), folio(0, 3, 2));
    }

    @Test
    void blkbitsIsState() {
        unequal(folio(0, 4, 2), folio(0, 4, 3));
    }

    @Test
    void uptodateIsState() {
        unequal(folio(true, false, "", "", null), folio(false, false, "", "", null));
    }

    @Test
    void dirtyIsState() {
        unequal(folio(true, true, "", "", null), folio(true, false, "", "", null));
    }

    @Test
    @MayReleaseLocks
    void writebackIsState() {
        CachedFolio wb = folio(true, true, "", "", null);
        wb.lock.lock(t, LockMode.EXCLUSIVE);
        wb.startWriteback();
        wb.lock.unlock(t);
        unequal(wb, folio(true, false, "", "", null));
    }

    @Test
    @MayReleaseLocks
    void inMappingIsState() {
        CachedFolio removed = folio(true, false, "", "", null);
        removed.lock.lock(t, LockMode.EXCLUSIVE);
        removed.removeFromMapping();
        removed.lock.unlock(t);
        unequal(removed, folio(true, false, "", "", null));
    }

    @Test
    void blockUptodateBitsAreState() {
        unequal(folio(false, false, "0100", "0000", null), folio(false, false, "0010", "0000", null));
    }

    @Test
    void blockDirtyBitsAreState() {
        unequal(folio(true, true, "1111", "0100", null), folio(true, true, "1111", "0010", null));
    }

    @Test
    void bytesAreState() {
        unequal(folio(false, false, "", "", bytes(1)), folio(false, false, "", "", bytes(2)));
        unequal(folio(false, false, "", "", bytes(1)), folio(false, false, "", "", null));
    }

    @Test
    @MayReleaseLocks
    void lockHoldersAreState() {
        CachedFolio locked = folio(0, 4, 2);
        locked.lock.lock(t, LockMode.EXCLUSIVE);
        unequal(locked, folio(0, 4, 2));
        locked.lock.unlock(t);
        assertEquals(locked, folio(0, 4, 2));
    }

    // ------------------------------------------------------------ placement

    @Test
    void placementIsChecked() {
        assertEquals("index 2 is not a multiple of 2^order = 4: folios are naturally aligned",
                msg(IllegalArgumentException.class, () -> new CachedFolio(2, 2, 4, 2, "f")));
        assertEquals("index must be >= 0, was -1",
                msg(IllegalArgumentException.class, () -> new CachedFolio(-1, 0, 4, 2, "f")));
    }

    // ------------------------------------------------------------ ifs_alloc, ifs_set_range_dirty

    @Test
    @MayReleaseLocks
    void aFreshIfsCopiesTheFolioFlags() {
        CachedFolio dirty = folio(true, true, "", "", null);
        dirty.lock.lock(t, LockMode.EXCLUSIVE);
        dirty.ifsAlloc();
        dirty.lock.unlock(t);
        assertEquals("folio{index=0, order=0, uptodate, dirty, ifs=DDDD}", dirty.toString());
        CachedFolio clean = folio(true, false, "", "", null);
        clean.lock.lock(t, LockMode.EXCLUSIVE);
        clean.ifsAlloc();
        clean.lock.unlock(t);
        assertEquals("folio{index=0, order=0, uptodate, ifs=UUUU}", clean.toString());
        CachedFolio fresh = folio(0, 4, 2);
        fresh.lock.lock(t, LockMode.EXCLUSIVE);
        fresh.ifsAlloc();
        fresh.lock.unlock(t);
        assertEquals("folio{index=0, order=0, ifs=----}", fresh.toString());
        assertNull(dirty.invariantViolation());
    }

    /** The ifs after {@code setRangeDirty(off, len)} on a clean uptodate folio with ifs. */
    @MayReleaseLocks
    private String dirtied(long offsetByte, long lengthByte) {
        CachedFolio f = folio(true, false, "1111", "0000", null);
        f.lock.lock(t, LockMode.EXCLUSIVE);
        f.setRangeDirty(offsetByte, lengthByte);
        f.lock.unlock(t);
        return f.toString();
    }

    @Test
    @MayReleaseLocks
    void setRangeDirtyFollowsTheKernelsBlockArithmetic() {
        assertEquals("folio{index=0, order=0, uptodate, ifs=UUUU}", dirtied(0, 0), "off 0, len 0: nothing");
        assertEquals("folio{index=0, order=0, uptodate, ifs=UUUU}", dirtied(4, 0), "aligned off, len 0: nothing");
        assertEquals("folio{index=0, order=0, uptodate, ifs=UDUU}", dirtied(5, 0), "unaligned off, len 0: its block");
        assertEquals("folio{index=0, order=0, uptodate, ifs=DDUU}", dirtied(3, 2));
        assertEquals("folio{index=0, order=0, uptodate, ifs=UUUD}", dirtied(12, 4));
    }

    // ------------------------------------------------------------ range checks

    @Test
    @MayReleaseLocks
    void byteOperationsRejectRangesOutsideTheFolio() {
        CachedFolio f = folio(true, false, "1111", "0000", null);
        assertEquals("writeBytes: [offsetByte 15, + lengthByte 2) is not inside folio 0 of size 16",
                msg(IllegalArgumentException.class, () -> f.writeBytes(15, new byte[2], 0, 2)));
        assertEquals("zeroBytes: [offsetByte 15, + lengthByte 2) is not inside folio 0 of size 16",
                msg(IllegalArgumentException.class, () -> f.zeroBytes(15, 2)));
        assertEquals("fillFrom: [offsetByte -1, + lengthByte 2) is not inside folio 0 of size 16",
                msg(IllegalArgumentException.class, () -> f.fillFrom(PageCacheTest.DISK, -1, 2)));
        // A lambda cannot carry the held folio lock to the Lock Checker: catch by hand.
        String message = "no exception";
        f.lock.lock(t, LockMode.EXCLUSIVE);
        try {
            f.setRangeDirty(15, 2);
        } catch (IllegalArgumentException e) {
            message = String.valueOf(e.getMessage());
        }
        f.lock.unlock(t);
        assertEquals("setRangeDirty: [offsetByte 15, + lengthByte 2) is not inside folio 0 of size 16", message);
        assertArrayEquals(new byte[16], f.readBytes(0, 16), "nothing was written");
    }
}
