package dev.punchspec.cache;

import static dev.punchspec.cache.Checks.msg;
import static dev.punchspec.cache.Checks.nn;
import static dev.punchspec.cache.Checks.same;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.LockViolation;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

/**
 * Contracts of {@link PageCache} operations at their edges: the messages naming bad arguments,
 * the run-time folio-lock assertion, the scheduling points the explorer interleaves at, the
 * mapping recheck after a lock (a folio truncated meanwhile is left alone), and the handles'
 * delegation. Geometry as in {@link PageCacheTest}: pages of 16 bytes, blocks of 4, order <= 2.
 */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
class PageCacheContractsTest {

    final PageCache cache = new PageCache("f", PageCacheTest.G);
    final LockValidator validator = new LockValidator(ViolationPolicy.THROW);
    final TaskContext t = Tasks.task(validator, 0, new SequentialHook());
    final TaskContext other = Tasks.task(validator, 1, new SequentialHook());
    /** The id of the next task a test creates (ids are unique per validator). */
    private int nextId = 2;

    private TaskContext newTask(ScriptedHook hook) {
        return Tasks.task(validator, nextId++, hook);
    }

    // ------------------------------------------------------------ arguments

    @Test
    @MayReleaseLocks
    void specificationQueriesNameThePosition() {
        assertEquals("posByte must be >= 0, was -1", msg(IllegalArgumentException.class, () -> cache.dataAt(-1)));
        assertEquals("posByte must be >= 0, was -1",
                msg(IllegalArgumentException.class, () -> cache.folioDirtyAt(-1)));
        assertEquals("posByte must be >= 0, was -1",
                msg(IllegalArgumentException.class, () -> cache.blockDirtyAt(-1)));
        assertEquals("index must be >= 0, was -1", msg(IllegalArgumentException.class, () -> cache.lockFolio(t, -1)));
    }

    @Test
    @MayReleaseLocks
    void folioCreationNamesBadArguments() {
        assertEquals("order must be >= 0, was -1",
                msg(IllegalArgumentException.class, () -> cache.getFolioForWrite(t, 0, -1)));
        assertEquals("index must be >= 0, was -2",
                msg(IllegalArgumentException.class, () -> cache.getFolioForWrite(t, -2, 0)));
        assertEquals(0, cache.entryCount());
    }

    @Test
    void entriesEndAtOrBelowMaxByte() {
        long top = PageCache.MAX_BYTE >> 4;
        assertEquals("a folio at index " + top + " of order 1 would end beyond MAX_BYTE = 2^62",
                msg(IllegalArgumentException.class, () -> cache.installFolio(top, 1, true, false, null, null, null)));
        assertEquals("a value entry at index " + top + " of order 1 would end beyond MAX_BYTE = 2^62",
                msg(IllegalArgumentException.class, () -> cache.installShadow(top, 1)));
        ShadowEntry last = cache.installShadow(top - 2, 1);
        same(last, cache.entryAt(top - 1));
        assertEquals(top - 2, last.index());
        assertEquals(1, last.order());
        assertEquals(0, cache.installShadow(0, 0).index());
        assertNull(cache.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void foliosHandedInMustBeInTheMapping() {
        CachedFolio f = cache.installFolio(1, 0, true, false, null, null, null);
        // As truncation leaves a folio another task still holds (built directly: no operation
        // hands a task a folio it removed while the task held the lock).
        f.lock.lock(t, LockMode.EXCLUSIVE);
        f.invalidateWhole();
        f.removeFromMapping();
        assertEquals("folio 1 is no longer in the mapping",
                msg(IllegalStateException.class, () -> cache.dirtyFolio(t, f)));
        cache.unlockFolio(t, f);
    }

    @Test
    void operationsUnderTheFolioLockCheckItIsHeld() {
        CachedFolio f = cache.installFolio(1, 0, true, true, null, null, null);
        assertThrows(LockViolation.class, () -> cache.dirtyFolio(t, f));
        assertThrows(LockViolation.class, () -> cache.writebackStart(t, f));
        assertTrue(f.testDirty());
        assertFalse(f.testWriteback());
    }

    @Test
    @MayReleaseLocks
    void rangesOutsideTheFolioAreNamed() {
        CachedFolio f = cache.installFolio(1, 0, true, false, null, null, null);
        cache.lockFolio(t, 1);
        String before = "[posByte 15, + lengthByte 1) is not inside folio 1 [16, 32)";
        String after = "[posByte 31, + lengthByte 2) is not inside folio 1 [16, 32)";
        assertEquals(before, msg(IllegalArgumentException.class, () -> cache.copyFromUser(t, f, 15, new byte[2], 0, 1)));
        assertEquals(after, msg(IllegalArgumentException.class, () -> cache.copyFromUser(t, f, 31, new byte[2], 0, 2)));
        assertEquals(before, msg(IllegalArgumentException.class, () -> cache.writeEnd(t, f, 15, 1, 1)));
        assertEquals(after, msg(IllegalArgumentException.class, () -> cache.writeEnd(t, f, 31, 2, 2)));
        assertEquals(before, msg(IllegalArgumentException.class,
                () -> cache.writeBegin(t, f, 15, 1, PageCacheTest.MAPPED, 100, PageCacheTest.DISK)));
        assertEquals(after, msg(IllegalArgumentException.class,
                () -> cache.writeBegin(t, f, 31, 2, PageCacheTest.MAPPED, 100, PageCacheTest.DISK)));
        assertEquals("[posByte 16, + lengthByte -1) is not inside folio 1 [16, 32)",
                msg(IllegalArgumentException.class, () -> cache.writeEnd(t, f, 16, -1, 0)));
        cache.unlockFolio(t, f);
        assertFalse(f.testDirty());
    }

    // ------------------------------------------------------------ scheduling points

    /** The scheduling points a task passes while {@code op} runs on it. */
    @MayReleaseLocks
    private java.util.List<String> points(java.util.function.Consumer<TaskContext> op) {
        ScriptedHook hook = new ScriptedHook("never", () -> { });
        op.accept(newTask(hook));
        return hook.points;
    }

    @Test
    @MayReleaseLocks
    void lookupsAndLockFreeOperationsAreSchedulingPoints() {
        CachedFolio f = cache.installFolio(3, 0, true, true, null, null, null);
        cache.installFolio(0, 0, true, true, null, null, null);
        assertEquals("find folio 3 of f", points(task -> cache.unlockFolio(task, nn(cache.lockFolio(task, 3)))).get(0));
        assertEquals("drop_caches f", points(cache::dropCaches).get(0));
        assertEquals("reclaim folio 3 of f", points(task -> cache.evictFolio(task, 3)).get(0));
        assertEquals("invalidate pages [0, 5] of f",
                points(task -> cache.invalidateInodePages2Range(task, 0, 5)).get(0));
        cache.lockFolio(t, 3);
        cache.dirtyFolio(t, f);
        cache.writebackStart(t, f);
        cache.unlockFolio(t, f);
        assertEquals(java.util.List.of("end writeback of folio 3 of f"), points(task -> cache.writebackEnd(task, f)));
        CachedFolio g = nn(cache.lockFolio(t, 0));
        cache.dirtyFolio(t, g);
        cache.unlockFolio(t, g);
        assertEquals(java.util.List.of("store [2, 4) of f"), points(task -> cache.storeBytes(task, 2, new byte[] {1, 2})));
    }

    @Test
    @MayReleaseLocks
    void onlyAFolioUnderWritebackIsWaitedFor() {
        cache.installFolio(1, 0, true, false, null, null, null);
        java.util.List<String> seen = points(task -> cache.truncatePagecache(task, 0));
        assertTrue(seen.stream().noneMatch(p -> p.startsWith("block ")), seen.toString());
        assertEquals(0, cache.entryCount());
    }

    @Test
    @MayReleaseLocks
    void invalidationWaitsForWriteback() {
        CachedFolio f = cache.installFolio(0, 0, true, true, null, null, null);
        cache.lockFolio(t, 0);
        cache.writebackStart(t, f);
        cache.unlockFolio(t, f);
        ScriptedHook hook = new ScriptedHook("never", () -> cache.writebackEnd(other, f));
        assertEquals(0, cache.invalidateInodePages2Range(newTask(hook), 0, 0));
        assertTrue(hook.fired());
        assertTrue(hook.points.contains("block writeback of folio 0"), hook.points.toString());
        assertFalse(f.inMapping());
    }

    // ------------------------------------------------------------ rechecks after a lock

    /** A task that, at its first point naming {@code trigger}, lets {@link #other} truncate page 0 and refill it. */
    @MayReleaseLocks
    private TaskContext racedByTruncation(String trigger, CachedFolio[] refill) {
        ScriptedHook hook = new ScriptedHook(trigger, () -> {
            cache.truncatePagecacheRange(other, 0, 16);
            refill[0] = cache.installFolio(0, 0, true, true, null, null, null);
        });
        return newTask(hook);
    }

    @Test
    @MayReleaseLocks
    void invalidationLeavesAFolioTruncatedWhileItSlept() {
        CachedFolio old = cache.installFolio(0, 0, true, false, null, null, null);
        CachedFolio[] refill = new CachedFolio[1];
        assertEquals(0, cache.invalidateInodePages2Range(racedByTruncation("lock f folio 0", refill), 0, 0));
        assertFalse(old.inMapping());
        same(nn(refill[0]), cache.entryAt(0), "the folio that replaced it stays");
        assertNull(cache.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void reclaimLeavesAFolioTruncatedWhileItSlept() {
        cache.installFolio(0, 0, true, false, null, null, null);
        CachedFolio[] refill = new CachedFolio[1];
        assertFalse(cache.evictFolio(racedByTruncation("trylock f folio 0", refill), 0));
        same(nn(refill[0]), cache.entryAt(0), "no value entry replaces the new folio");
    }

    @Test
    @MayReleaseLocks
    void dropCachesCountsOnlyFoliosItRemoved() {
        cache.installFolio(0, 0, true, false, null, null, null);
        CachedFolio[] refill = new CachedFolio[1];
        assertEquals(0, cache.dropCaches(racedByTruncation("trylock f folio 0", refill)));
        same(nn(refill[0]), cache.entryAt(0));
    }

    @Test
    @MayReleaseLocks
    void reclaimSkipsFoliosUnderWriteback() {
        CachedFolio f = cache.installFolio(0, 0, true, true, null, null, null);
        cache.lockFolio(t, 0);
        cache.writebackStart(t, f);
        cache.unlockFolio(t, f);
        assertFalse(f.testDirty());
        assertFalse(cache.evictFolio(t, 0));
        assertTrue(f.inMapping());
    }

    // ------------------------------------------------------------ __iomap_write_begin

    @Test
    @MayReleaseLocks
    void onlyAWriteOverTheWholeFolioSkipsTheIfs() {
        CachedFolio head = cache.installFolio(0, 0, false, false, null, null, null);
        cache.lockFolio(t, 0);
        cache.writeBegin(t, head, 4, 12, PageCacheTest.MAPPED, 1000, PageCacheTest.DISK);
        cache.unlockFolio(t, head);
        assertEquals("folio{index=0, order=0, ifs=----}", head.toString(), "write [4, 16): blocks 1..3 covered");
        CachedFolio tail = cache.installFolio(1, 0, false, false, null, null, null);
        cache.lockFolio(t, 1);
        cache.writeBegin(t, tail, 16, 12, PageCacheTest.MAPPED, 1000, PageCacheTest.DISK);
        cache.unlockFolio(t, tail);
        assertEquals("folio{index=1, order=0, ifs=----}", tail.toString(), "write [16, 28): blocks 0..2 covered");
        CachedFolio whole = cache.installFolio(2, 0, false, false, null, null, null);
        cache.lockFolio(t, 2);
        cache.writeBegin(t, whole, 32, 16, PageCacheTest.MAPPED, 1000, PageCacheTest.DISK);
        cache.unlockFolio(t, whole);
        assertEquals("folio{index=2, order=0}", whole.toString());
    }

    // ------------------------------------------------------------ truncation

    @Test
    @MayReleaseLocks
    void truncationRejectsRangesBeyondMaxByte() {
        long beyond = PageCache.MAX_BYTE + 1;
        assertEquals("newSizeByte must be in [0, 2^62], was " + beyond,
                msg(IllegalArgumentException.class, () -> cache.truncatePagecache(t, beyond)));
        assertEquals("[startByte 0, endByte " + beyond + ") must satisfy 0 <= startByte < endByte <= 2^62",
                msg(IllegalArgumentException.class, () -> cache.truncatePagecacheRange(t, 0, beyond)));
        assertEquals("newSizeByte must be in [0, 2^62], was -1",
                msg(IllegalArgumentException.class, () -> cache.truncatePagecache(t, -1)));
        assertEquals("[startByte -1, endByte 16) must satisfy 0 <= startByte < endByte <= 2^62",
                msg(IllegalArgumentException.class, () -> cache.truncatePagecacheRange(t, -1, 16)));
        assertEquals("posByte must be in [0, 2^62 - length], was -1",
                msg(IllegalArgumentException.class, () -> cache.storeBytes(t, -1, new byte[] {1})));
    }

    @Test
    @MayReleaseLocks
    void partialTruncationWaitsForWriteback() {
        CachedFolio f = cache.installFolio(0, 0, true, true, null, null, new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        cache.lockFolio(t, 0);
        cache.writebackStart(t, f);
        cache.unlockFolio(t, f);
        ScriptedHook hook = new ScriptedHook("never", () -> cache.writebackEnd(other, f));
        cache.truncatePagecacheRange(newTask(hook), 4, 8);
        assertTrue(hook.points.contains("block writeback of folio 0"), hook.points.toString());
        assertFalse(f.testWriteback());
        assertTrue(f.inMapping());
        assertEquals("[1, 2, 3, 4, 0, 0, 0, 0, 9, 10, 11, 12, 13, 14, 15, 16]",
                java.util.Arrays.toString(f.readBytes(0, 16)));
    }

    @Test
    @MayReleaseLocks
    void truncationRemovesValueEntriesOfWholePagesAtItsEdges() {
        cache.installShadow(0, 0);
        cache.truncatePagecache(t, 0);
        assertNull(cache.entryAt(0), "page 0 lies wholly in [0, 2^62)");
        cache.installFolio(0, 0, true, false, null, null, null);
        cache.installShadow(1, 0);
        cache.installShadow(3, 0);
        cache.truncatePagecacheRange(t, 15, 48);
        assertNull(cache.entryAt(1), "page 1 = [16, 32) lies wholly in [15, 48)");
        assertEquals(3, nn(cache.entryAt(3)).index(), "page 3 = [48, 64) lies outside");
        assertTrue(nn(cache.folioAt(0)).inMapping(), "page 0 is only partly in the range");
    }

    @Test
    @MayReleaseLocks
    void truncationRemovesFoliosAddedWhileItSlept() {
        cache.installFolio(0, 0, true, false, null, null, null);
        ScriptedHook hook = new ScriptedHook("find folio 0 of f",
                () -> cache.installFolio(1, 0, true, false, null, null, null));
        cache.truncatePagecacheRange(newTask(hook), 8, 48);
        assertTrue(hook.fired());
        assertNull(cache.entryAt(1), "the second pass removes what appeared during the head lookup");
        assertNull(cache.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void aFolioAppearingWhollyInsideAOneFolioRangeIsRemovedAsTheHead() {
        // [16, 32) is page 1 whole: the first pass finds nothing; the folio another task adds
        // during the head lookup is the head and lies wholly inside, so
        // truncate_inode_partial_folio() removes it, and same_folio ends the truncation there.
        ScriptedHook hook = new ScriptedHook("find folio 1 of f",
                () -> cache.installFolio(1, 0, true, false, null, null, null));
        cache.truncatePagecacheRange(newTask(hook), 16, 32);
        assertTrue(hook.fired());
        assertNull(cache.entryAt(1), "the head folio lay wholly inside the range");
        assertNull(cache.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void wholeFoliosGoBeforeThePartialOnesAreLocked() {
        cache.installFolio(0, 0, true, false, null, null, null);
        cache.installFolio(1, 0, true, false, null, null, null);
        cache.installFolio(2, 0, true, false, null, null, null);
        boolean[] middleSeen = {true};
        ScriptedHook hook = new ScriptedHook("find folio 0 of f", () -> middleSeen[0] = cache.entryAt(1) != null);
        cache.truncatePagecacheRange(newTask(hook), 8, 40);
        assertTrue(hook.fired());
        assertFalse(middleSeen[0], "page 1 was gone when the head was looked up");
        assertNull(cache.entryAt(1));
        assertTrue(nn(cache.folioAt(0)).inMapping());
        assertTrue(nn(cache.folioAt(2)).inMapping());
    }

    @Test
    @MayReleaseLocks
    void oneFolioHoldingBothEndsIsLookedUpOnce() {
        // [8, 64) lies in folio [0, 64): the kernel's same_folio skips the tail lookup.
        CachedFolio f = cache.installFolio(0, 2, true, false, null, null, null);
        for (long endByte : new long[] {40, 64}) {
            ScriptedHook hook = new ScriptedHook("never", () -> { });
            cache.truncatePagecacheRange(newTask(hook), 8, endByte);
            assertEquals(List.of("find folio 0 of f"), hook.points.stream().filter(p -> p.startsWith("find folio"))
                    .collect(Collectors.toList()), "end " + endByte + ": " + hook.points);
            assertTrue(f.inMapping());
        }
    }

    @Test
    @MayReleaseLocks
    void aRangeWithoutAWholePageKeepsTheValueEntryCoveringIt() {
        // [8, 20) holds no whole page (pages [1, 1)); the value entry over pages 0 and 1 meets
        // both partial pages, where truncate_inode_pages_range() only looks for folios.
        ShadowEntry shadow = cache.installShadow(0, 1);
        cache.truncatePagecacheRange(t, 8, 20);
        same(shadow, cache.entryAt(1));
        assertNull(cache.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void onlyFoliosInsideTheWholePagesGoWhole() {
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 1);
        // Pages [0, 1): folio [0, 64) reaches beyond them; it is zeroed as the head, not removed.
        CachedFolio reachesBeyond = cache.installFolio(0, 2, true, false, null, null, ones);
        cache.truncatePagecacheRange(t, 0, 20);
        assertTrue(reachesBeyond.inMapping());
        assertArrayEquals(new byte[] {0, 1}, reachesBeyond.readBytes(19, 2));
        // Pages [5, 8): folio [64, 96) starts on page 4, before them; zeroed from 72 as the head.
        CachedFolio startsBefore = cache.installFolio(4, 1, true, false, null, null, Arrays.copyOf(ones, 32));
        cache.truncatePagecacheRange(t, 72, 128);
        assertTrue(startsBefore.inMapping());
        assertArrayEquals(new byte[] {1, 0}, startsBefore.readBytes(7, 2));
        // Pages [8, 10): folio [144, 160) ends with them; neither the head (page 8) nor the tail
        // (page 10) lookup finds it, so it goes whole in the pass over the whole pages.
        CachedFolio endsWithThem = cache.installFolio(9, 0, true, false, null, null, null);
        cache.truncatePagecacheRange(t, 128, 170);
        assertFalse(endsWithThem.inMapping());
        assertNull(cache.entryAt(9));
        assertNull(cache.invariantViolation());
    }

    @Test
    @MayReleaseLocks
    void aFolioTruncatedWhileTheRemovalSleptOnItsLockIsLeftAlone() {
        // [64, 80) is page 4 whole. While this task waits for folio 4's lock, another task
        // truncates it and a write puts folio [64, 128) (order 2) at the same index. The removal
        // finds its folio out of the mapping and leaves the index alone: the new folio, which
        // reaches beyond the range, is zeroed as the head, not removed.
        cache.installFolio(4, 0, true, false, null, null, null);
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 1);
        CachedFolio[] replacement = new CachedFolio[1];
        ScriptedHook hook = new ScriptedHook("lock f folio 4", () -> {
            cache.truncatePagecacheRange(other, 64, 80);
            replacement[0] = cache.installFolio(4, 2, true, false, null, null, ones);
        });
        cache.truncatePagecacheRange(newTask(hook), 64, 80);
        assertTrue(hook.fired());
        CachedFolio g = nn(replacement[0]);
        same(g, cache.folioAt(4));
        assertArrayEquals(new byte[] {0, 1}, g.readBytes(15, 2));
        assertNull(cache.invariantViolation());
    }

    // ------------------------------------------------------------ handles

    @Test
    @MayReleaseLocks
    void handlesReportTheFolioTheyHold() {
        CachedFolio f = cache.installFolio(2, 0, true, false, null, null, null);
        CacheAddressSpace as = cache.forTask(t);
        LockedFolio lf = nn(as.lockFolio(2));
        same(f, lf.folio());
        assertEquals(2, lf.index());
        assertEquals(32, lf.pos());
        assertFalse(lf.testDirty());
        assertFalse(lf.hasBlockState());
        lf.unlock();
        assertFalse(as.dataAt(48));
        assertTrue(as.dataAt(32));
        assertFalse(as.folioDirtyAt(32));
        assertFalse(as.blockDirtyAt(32));
    }
}
