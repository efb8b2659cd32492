package dev.punchspec.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.mapping.AddressSpace;
import java.util.Random;
import org.checkerframework.checker.lock.qual.MayReleaseLocks;
import org.junit.jupiter.api.Test;

/**
 * The KeY-proved walk against a direct transcription of the kernel's do-while with its masks
 * (an independent reference), and the block table against the kernel's block boundaries.
 */
class FolioBlockWalkTest {

    /**
     * The kernel's loop, transcribed with its mask arithmetic (after f505e6c91e7a):
     * {@code offset = offset_in_folio(folio, start) & ~(bsz - 1); do { if (uptodate(offset) ==
     * seek_data) break; start = (start + bsz) & ~((u64)bsz - 1); offset += bsz; } while (offset <
     * folio_size(folio));}
     */
    static long kernelWalk(long start, long folioPos, long folioSize, int blkbits, boolean[] uptodate,
            boolean seekData) {
        long bsz = 1L << blkbits;
        long offset = ((start - folioPos) & (folioSize - 1)) & ~(bsz - 1);
        do {
            if (uptodate[(int) (offset >> blkbits)] == seekData) {
                break;
            }
            start = (start + bsz) & ~(bsz - 1);
            offset += bsz;
        } while (offset < folioSize);
        return start;
    }

    /** Seeds 0 to 299. */
    @Test
    @MayReleaseLocks
    void walkEqualsKernelTranscription() {
        Checks.eachSeed(300, FolioBlockWalkTest::walkEqualsKernelTranscriptionFor);
    }

    @MayReleaseLocks
    private static void walkEqualsKernelTranscriptionFor(long seed) {
        Random rnd = new Random(seed);
        int blkbits = rnd.nextInt(4);
        int nrBlocks = 1 << rnd.nextInt(5);
        long folioSize = (long) nrBlocks << blkbits;
        long folioPos = folioSize * rnd.nextInt(1000);
        long[] table = new long[nrBlocks + 1];
        for (int k = 0; k <= nrBlocks; k++) {
            table[k] = (long) k << blkbits;
        }
        boolean[] up = new boolean[nrBlocks];
        for (int b = 0; b < nrBlocks; b++) {
            up[b] = rnd.nextBoolean();
        }
        for (long start = folioPos; start < folioPos + folioSize; start++) {
            for (boolean seekData : new boolean[] {true, false}) {
                long expected = kernelWalk(start, folioPos, folioSize, blkbits, up, seekData);
                assertEquals(expected, FolioBlockWalk.seekInFolio(start, folioPos, table, up, seekData));
                int b0 = FolioBlockWalk.blockContaining(start - folioPos, table);
                assertEquals((start - folioPos) >> blkbits, b0);
                int b1 = FolioBlockWalk.firstMatchingBlock(up, b0, seekData);
                for (int k = b0; k < b1; k++) {
                    assertTrue(up[k] != seekData);
                }
                assertTrue(b1 == nrBlocks || up[b1] == seekData);
            }
        }
    }

    /** The cache's per-order block tables are the kernel's block boundaries k * blocksize. */
    @Test
    @MayReleaseLocks
    void blockTablesAreTheKernelsBoundaries() {
        Geometry g = new Geometry(4096, 512, 3);
        PageCache cache = new PageCache("f", g);
        for (int order = 0; order <= 3; order++) {
            long[] table = cache.blockOffsets(order);
            int n = (int) g.blocksPerFolio(order);
            assertEquals(n + 1, table.length);
            for (int k = 0; k <= n; k++) {
                assertEquals(((long) k * 512 + 511) & ~511L, table[k]);
                assertEquals((long) k * 512, table[k]);
            }
        }
    }

    @Test

    @MayReleaseLocks
    void firstMatchingBlockEdgeCases() {
        boolean[] up = {false, false, true};
        assertEquals(2, FolioBlockWalk.firstMatchingBlock(up, 0, true));
        assertEquals(2, FolioBlockWalk.firstMatchingBlock(up, 2, true));
        assertEquals(0, FolioBlockWalk.firstMatchingBlock(up, 0, false));
        assertEquals(3, FolioBlockWalk.firstMatchingBlock(new boolean[] {true, true, true}, 1, false));
        assertEquals(1, FolioBlockWalk.blockContaining(4, new long[] {0, 4, 8}));
        assertEquals(0, FolioBlockWalk.blockContaining(3, new long[] {0, 4, 8}));
        assertEquals(1, FolioBlockWalk.blockContaining(7, new long[] {0, 4, 8}));
        assertArrayEquals(new long[] {0, 4, 8}, new long[] {0, 4, 8});
    }

    @Test

    @MayReleaseLocks
    void noDataEqualsMinusEnxio() {
        assertEquals(-AddressSpace.ENXIO, SeekRules.NO_DATA);
    }

    @Test

    @MayReleaseLocks
    void seekRules() {
        assertTrue(SeekRules.isEmptyRange(5, 5));
        assertTrue(SeekRules.isEmptyRange(5, 4));
        assertTrue(!SeekRules.isEmptyRange(5, 6));
        assertTrue(SeekRules.holeBeforeEntry(3, 4, false));
        assertTrue(!SeekRules.holeBeforeEntry(4, 4, false));
        assertTrue(!SeekRules.holeBeforeEntry(3, 4, true));
        assertEquals(4, SeekRules.startAtEntry(3, 4));
        assertEquals(4, SeekRules.startAtEntry(4, 4));
        assertEquals(5, SeekRules.startAtEntry(5, 4));
        assertEquals(-6, SeekRules.answer(false, 3, 10, true));
        assertEquals(3, SeekRules.answer(false, 3, 10, false));
        assertEquals(10, SeekRules.answer(false, 12, 10, false));
        assertEquals(10, SeekRules.answer(true, 10, 10, true));
        assertEquals(10, SeekRules.answer(true, 11, 10, true));
        assertEquals(9, SeekRules.answer(true, 9, 10, true));
        assertEquals(-6, SeekRules.answer(false, 11, 10, true));
    }
}
