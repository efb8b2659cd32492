package dev.punchspec.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Iomap;
import java.util.Random;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of every state-changing operation; after each one the class invariants
 * must hold, no lock may stay held, the seek must agree with the byte-by-byte reference, and a
 * copy must equal the original.
 */
// Type-checking time is not a finding; see PageCache.
@SuppressWarnings("slow.typechecking")
class RandomOpsTest {

    /** Seeds 0 to 149. */
    @Test
    @MayReleaseLocks
    void invariantsHoldAfterEveryOperation() {
        Checks.eachSeed(150, RandomOpsTest::invariantsHoldAfterEveryOperationFor);
    }

    @MayReleaseLocks
    private static void invariantsHoldAfterEveryOperationFor(long seed) {
        Random rnd = new Random(seed);
        Geometry g = RandomCaches.geometry(rnd);
        PageCache cache = RandomCaches.cache(rnd, g, 8 + rnd.nextInt(16));
        TaskContext t = Tasks.sequential();
        long pageSize = g.pageSize();
        int pages = 32;
        BackingStore store = (pos, dst, off, len) -> {
            for (int i = 0; i < len; i++) {
                dst[off + i] = (byte) (pos + i + seed);
            }
        };
        for (int step = 0; step < 40; step++) {
            int op = rnd.nextInt(11);
            long index = rnd.nextInt(pages);
            String what = "seed " + seed + " step " + step + " op " + op + " index " + index;
            switch (op) {
                case 0, 1 -> {
                    CachedFolio f = cache.getFolioForWrite(t, index, rnd.nextInt(3));
                    long pos = f.pos() + rnd.nextInt((int) f.size());
                    long len = 1 + rnd.nextInt((int) (f.endByte() - pos));
                    Iomap srcmap = new Iomap(rnd.nextBoolean() ? Iomap.IOMAP_MAPPED : Iomap.IOMAP_DELALLOC,
                            rnd.nextBoolean() ? Iomap.IOMAP_F_NEW : 0, 0, 1L << 40);
                    cache.writeBegin(t, f, pos, len, srcmap, rnd.nextInt(pages) * pageSize, store);
                    int copied = rnd.nextInt(3) == 0 ? rnd.nextInt((int) len + 1) : (int) len;
                    byte[] src = new byte[copied];
                    rnd.nextBytes(src);
                    cache.copyFromUser(t, f, pos, src, 0, copied);
                    boolean written = cache.writeEnd(t, f, pos, len, copied);
                    assertTrue(written || (copied < len && !f.testUptodate()), what);
                    cache.unlockFolio(t, f);
                }
                case 2 -> cache.readFolio(t, index, rnd.nextInt(3), store);
                case 3 -> {
                    CachedFolio f = cache.lockFolio(t, index);
                    if (f != null) {
                        if (f.testUptodate()) {
                            cache.dirtyFolio(t, f);
                        }
                        cache.unlockFolio(t, f);
                    }
                }
                case 4 -> {
                    CachedFolio f = cache.lockFolio(t, index);
                    if (f != null) {
                        if (f.testDirty() && !f.testWriteback()) {
                            cache.writebackStart(t, f);
                        }
                        cache.unlockFolio(t, f);
                        if (f.testWriteback() && rnd.nextBoolean()) {
                            cache.writebackEnd(t, f);
                        }
                    }
                }
                case 5 -> {
                    endAllWriteback(cache, t);
                    long start = rnd.nextInt((int) (pages * pageSize));
                    cache.truncatePagecacheRange(t, start, start + 1 + rnd.nextInt((int) (8 * pageSize)));
                }
                case 6 -> {
                    endAllWriteback(cache, t);
                    cache.truncatePagecache(t, rnd.nextInt((int) (pages * pageSize)));
                }
                case 7 -> {
                    endAllWriteback(cache, t);
                    cache.invalidateInodePages2Range(t, index, index + rnd.nextInt(4));
                }
                case 8 -> cache.dropCaches(t);
                case 9 -> cache.evictFolio(t, index);
                default -> {
                    CachedFolio f = cache.folioAt(index);
                    if (f != null && cache.blockDirtyAt(f.pos())) {
                        cache.storeBytes(t, f.pos(), new byte[] {(byte) step});
                    }
                }
            }
            cache.checkInvariants();
            assertTrue(t.heldLocks().isEmpty(), what);
            for (int q = 0; q < 6; q++) {
                long start = rnd.nextInt((int) ((pages + 8) * pageSize));
                long end = start + rnd.nextInt((int) (12 * pageSize));
                int whence = rnd.nextBoolean() ? AddressSpace.SEEK_DATA : AddressSpace.SEEK_HOLE;
                assertEquals(SeekReference.seek(cache, start, end, whence), cache.seekHoleData(t, start, end, whence),
                        what + " seek(" + start + ", " + end + ", " + whence + ") in " + cache);
            }
            PageCache copy = cache.copy();
            assertEquals(cache, copy, what);
            assertEquals(cache.hashCode(), copy.hashCode(), what);
        }
    }

    /** Sequential runs cannot wait for writeback: complete it first (an I/O completion). */
    private static void endAllWriteback(PageCache cache, TaskContext t) {
        for (CacheEntry e : cache.entries()) {
            if (e instanceof CachedFolio && ((CachedFolio) e).testWriteback()) {
                cache.writebackEnd(t, (CachedFolio) e);
            }
        }
    }
}
