package dev.punchspec.cache;

import static dev.punchspec.cache.Checks.msg;
import static dev.punchspec.cache.Checks.nn;
import static dev.punchspec.cache.Checks.same;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.AddressSpace;
import java.util.Random;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

/** {@code mapping_seek_hole_data()} against the byte-by-byte reference, and its edge cases. */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
class SeekTest {

    /**
     * Random caches (large folios, sub-folio blocks, partially uptodate folios, value entries) and
     * random queries (unaligned starts, ends inside folios, beyond everything, empty ranges), on
     * seeds 0 to 399.
     */
    @Test
    @MayReleaseLocks
    void randomCachesAgreeWithReference() {
        Checks.eachSeed(400, SeekTest::randomCacheAgreesWithReference);
    }

    @MayReleaseLocks
    private static void randomCacheAgreesWithReference(long seed) {
        Random rnd = new Random(seed);
        Geometry g = RandomCaches.geometry(rnd);
        PageCache cache = RandomCaches.cache(rnd, g, 4 + rnd.nextInt(40));
        cache.checkInvariants();
        TaskContext task = Tasks.sequential();
        long span = (cache.entryCount() + 48L) << g.pageShift();
        for (int q = 0; q < 60; q++) {
            long start = (long) rnd.nextInt((int) span);
            long end = rnd.nextInt(5) == 0 ? start - rnd.nextInt(3) : start + 1 + rnd.nextInt((int) span);
            int whence = rnd.nextBoolean() ? AddressSpace.SEEK_DATA : AddressSpace.SEEK_HOLE;
            long expected = SeekReference.seek(cache, start, end, whence);
            long actual = cache.seekHoleData(task, start, end, whence);
            assertEquals(expected, actual, () -> "seed " + seed + " " + cache + " seek(" + start + ", " + end
                    + ", " + whence + ")");
            checkContract(start, end, whence, actual);
        }
        assertTrue(task.heldLocks().isEmpty(), "the seek released every folio lock");
    }

    /** The AddressSpace contract of seekHoleData, run on every answer. */
    static void checkContract(long start, long end, int whence, long result) {
        if (end <= start) {
            assertEquals(-AddressSpace.ENXIO, result);
        }
        assertTrue(result == -AddressSpace.ENXIO || (start <= result && result <= end), "result " + result);
        if (whence == AddressSpace.SEEK_HOLE && start < end) {
            assertNotEquals(-AddressSpace.ENXIO, result);
        }
    }

    private static PageCache cache4k() {
        return new PageCache("f", new Geometry(4096, 1024, 2));
    }

    @Test

    @MayReleaseLocks
    void emptyRangeIsEnxioForBothWhences() {
        PageCache cache = cache4k();
        cache.installFolio(0, 0, true, false, null, null, null);
        TaskContext t = Tasks.sequential();
        for (int whence : new int[] {AddressSpace.SEEK_DATA, AddressSpace.SEEK_HOLE}) {
            assertEquals(-6, cache.seekHoleData(t, 100, 100, whence));
            assertEquals(-6, cache.seekHoleData(t, 100, 99, whence));
            assertEquals(-6, cache.seekHoleData(t, 100, -5, whence));
        }
    }

    @Test

    @MayReleaseLocks
    void dataInTheLastFolioPastEndIsClampedToEnd() {
        PageCache cache = cache4k();
        // order-1 folio [0, 8192) not uptodate, only block 6 ([6144, 7168)) uptodate.
        boolean[] up = new boolean[8];
        up[6] = true;
        cache.installFolio(0, 1, false, false, up, new boolean[8], null);
        TaskContext t = Tasks.sequential();
        assertEquals(5000, cache.seekHoleData(t, 0, 5000, AddressSpace.SEEK_DATA));
        assertEquals(6144, cache.seekHoleData(t, 0, 8192, AddressSpace.SEEK_DATA));
        assertEquals(-6, cache.seekHoleData(t, 7168, 8192, AddressSpace.SEEK_DATA));
        assertEquals(6500, cache.seekHoleData(t, 6500, 9000, AddressSpace.SEEK_DATA), "unaligned start returned as is");
        assertEquals(7168, cache.seekHoleData(t, 6500, 9000, AddressSpace.SEEK_HOLE));
        assertEquals(100, cache.seekHoleData(t, 100, 9000, AddressSpace.SEEK_HOLE));
    }

    @Test

    @MayReleaseLocks
    void valueEntriesAreDataAndPostEofIsNotSpecial() {
        PageCache cache = cache4k();
        cache.installShadow(4, 2);
        TaskContext t = Tasks.sequential();
        assertEquals(16384, cache.seekHoleData(t, 0, 1 << 20, AddressSpace.SEEK_DATA));
        assertEquals(32768, cache.seekHoleData(t, 16384, 1 << 20, AddressSpace.SEEK_HOLE));
        assertEquals(20000, cache.seekHoleData(t, 16384, 20000, AddressSpace.SEEK_HOLE), "implicit hole at end");
        assertEquals(-6, cache.seekHoleData(t, 32768, 1 << 20, AddressSpace.SEEK_DATA));
    }

    @Test

    @MayReleaseLocks
    void notUptodateFolioWithoutIfsIsAHole() {
        PageCache cache = cache4k();
        cache.installFolio(0, 0, false, false, null, null, null);
        cache.installFolio(1, 0, true, true, null, null, null);
        TaskContext t = Tasks.sequential();
        assertEquals(4096, cache.seekHoleData(t, 0, 10000, AddressSpace.SEEK_DATA));
        assertEquals(0, cache.seekHoleData(t, 0, 10000, AddressSpace.SEEK_HOLE));
        assertEquals(8192, cache.seekHoleData(t, 4096, 10000, AddressSpace.SEEK_HOLE));
    }

    /** A folio truncated while the seek sleeps on its lock: the answer is the start, either whence. */
    @Test
    @MayReleaseLocks
    void folioTruncatedDuringTheWalkAnswersStart() {
        for (int whence : new int[] {AddressSpace.SEEK_DATA, AddressSpace.SEEK_HOLE}) {
            PageCache cache = cache4k();
            boolean[] up = {false, true, false, false};
            cache.installFolio(2, 0, false, false, up, new boolean[4], null);
            LockValidator v = new LockValidator(ViolationPolicy.THROW);
            TaskContext other = Tasks.task(v, 1, new SequentialHook());
            ScriptedHook hook = new ScriptedHook("lock f folio 2", () -> cache.truncatePagecache(other, 4096));
            TaskContext seeker = Tasks.task(v, 0, hook);
            assertEquals(9000, cache.seekHoleData(seeker, 9000, 20000, whence));
            assertTrue(hook.fired());
            cache.checkInvariants();
        }
    }

    @Test

    @MayReleaseLocks
    void rejectsNegativeStartAndUnknownWhence() {
        PageCache cache = cache4k();
        TaskContext t = Tasks.sequential();
        assertTrue(msg(IllegalArgumentException.class, () -> cache.seekHoleData(t, -1, 10, 3)).contains("startByte"));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.seekHoleData(t, 0, 10, 5)).contains("whence"));
        assertTrue(msg(IllegalArgumentException.class, () -> cache.seekHoleData(t, 0, 10, 2)).contains("whence"));
    }

    @Test

    @MayReleaseLocks
    void seekIsASchedulingPointAndLocksOnlyNotUptodateFolios() {
        PageCache cache = cache4k();
        cache.installFolio(0, 0, true, false, null, null, null);
        cache.installFolio(1, 0, false, false, new boolean[] {true, false, false, false}, new boolean[4], null);
        LockValidator v = new LockValidator(ViolationPolicy.THROW);
        ScriptedHook hook = new ScriptedHook("never", () -> { });
        TaskContext t = Tasks.task(v, 0, hook);
        assertEquals(5120, cache.seekHoleData(t, 0, 100000, AddressSpace.SEEK_HOLE));
        assertEquals("seek hole [0, 100000) of f", hook.points.get(0));
        assertTrue(hook.points.contains("lock f folio 1 EXCLUSIVE"), hook.points.toString());
        assertTrue(hook.points.stream().noneMatch(p -> p.contains("folio 0")), hook.points.toString());
    }
}
