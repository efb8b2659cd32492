package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.punchspec.api.mapping.Iomap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every generation's {@code ->iomap_end}, through the registry, over every mapping type and flag,
 * every iteration flag and every small position, length and written count: it punches exactly when
 * the generation must (checked against a brute-force start and end), what it punches meets the
 * release contract, the fork is the generation's, and the invalidate_lock is taken or asserted as
 * the generation does.
 */
class IomapEndTest {

    private static final int[] TYPES = {Iomap.IOMAP_HOLE, Iomap.IOMAP_DELALLOC, Iomap.IOMAP_MAPPED,
        Iomap.IOMAP_UNWRITTEN};
    private static final int[] IOMAP_FLAGS = {0, Iomap.IOMAP_F_NEW, Iomap.IOMAP_F_SHARED,
        Iomap.IOMAP_F_NEW | Iomap.IOMAP_F_SHARED};
    private static final int[] ITER_FLAGS = {Iomap.IOMAP_WRITE, Iomap.IOMAP_WRITE | Iomap.IOMAP_FAULT,
        Iomap.IOMAP_ZERO, Iomap.IOMAP_WRITE | Iomap.IOMAP_UNSHARE};

    /** Brute force: must this iomap_end run the release? */
    private static boolean mustRelease(Generation g, int blkbits, Iomap m, int flags, long pos,
            long length, long written) {
        long bs = 1L << blkbits;
        long start = written == 0 ? pos / bs * bs : (pos + written + bs - 1) / bs * bs;
        long end = (pos + length + bs - 1) / bs * bs;
        return m.type() == Iomap.IOMAP_DELALLOC
                && (g == Generation.NO_F_NEW || (m.flags() & Iomap.IOMAP_F_NEW) != 0)
                && (flags & Iomap.IOMAP_FAULT) == 0 && start < end;
    }

    /** One case per generation, so that a mutation analysis runs only the generation it changed. */
    @ParameterizedTest
    @EnumSource(Generation.class)
    void everyGenerationOverEveryEntryCase(Generation g) {
        Random rnd = new Random(5);
        CacheStates.Geometry geo = new CacheStates.Geometry(2, 1, 4, 1);
        int releases = 0;
        for (int round = 0; round < 2; round++) {
            FakeCache c = CacheStates.random(geo, rnd);
            c.iSize = rnd.nextInt(18);
            for (int type : TYPES) {
                for (int iomapFlags : IOMAP_FLAGS) {
                    Iomap m = new Iomap(type, iomapFlags, 0, 64);
                    for (int flags : ITER_FLAGS) {
                        for (long pos = 0; pos < 8; pos++) {
                            for (long len = 1; len <= 5; len++) {
                                for (long written = 0; written <= len; written++) {
                                    if (check(g, c, m, flags, pos, len, written)) {
                                        releases++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(releases > 1000, g.kernelName() + ": " + releases + " releases");
    }

    private static boolean check(Generation g, FakeCache c, Iomap m, int flags, long pos,
            long len, long written) {
        Recorder r = new Recorder(c);
        boolean callerHoldsLock = g == Generation.NEWEST
                && (flags & (Iomap.IOMAP_ZERO | Iomap.IOMAP_UNSHARE)) != 0;
        if (callerHoldsLock) {
            c.invalidateLock();
        }
        int result = g.create(r).iomapEnd(c, pos, len, written, flags, m, r);
        String where = g.kernelName() + " " + m + " flags " + flags + " pos " + pos + " len "
                + len + " written " + written + " on " + c.describe() + ": calls "
                + r.callsText();
        if (c.invalidateLockHeld != callerHoldsLock || c.foliosLocked != 0) {
            fail("lock state after " + where);
        }
        if (callerHoldsLock) {
            c.invalidateUnlock();
        }
        assertEquals(0, result, where);
        assertTrue(r.warnings.isEmpty(), where + " warned " + r.warnings);
        boolean released = mustRelease(g, c.blkbits, m, flags, pos, len, written);
        assertEquals(released, PunchContract.releases(g, c.blkbits, m, flags, pos, len, written),
                where);
        List<PunchContract.Violation> vs = PunchContract.checkIomapEnd(g, c, c.blkbits, c.iSize,
                m, flags, pos, len, written, r.calls);
        long start = WriteEndRange.lastWrittenBlock(c.blkbits, pos, written);
        long end = WriteEndRange.endByte(c.blkbits, pos, len);
        boolean unaligned = released && Runs.unalignedEofPunch(g, c, start, end);
        if (unaligned ? !(vs.size() == 1 && vs.get(0).kind() == PunchContract.Kind.UNALIGNED)
                : !vs.isEmpty()) {
            fail(where + Runs.text(vs));
        }
        int fork = g == Generation.NEWEST && (m.flags() & Iomap.IOMAP_F_SHARED) != 0
                ? XfsBmapPunch.XFS_COW_FORK : XfsBmapPunch.XFS_DATA_FORK;
        for (int f : r.forks) {
            assertEquals(fork, f, where);
        }
        return released;
    }
}
