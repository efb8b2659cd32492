package dev.punchspec.extent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DelallocPunchLoop}: the KeY-proved contract evaluated at run time on seeded random
 * records, a per-block brute-force reference for which blocks go, and the reservation arithmetic
 * of each of {@code xfs_bmap_del_extent_delay()}'s cases by hand.
 */
class DelallocPunchLoopTest {

    private static final XfsIndlen TINY = new XfsIndlen(2, 2, 3);

    /** Outcome arrays of one punch. */
    private static final class Outcome {
        final long[] headLen;
        final long[] headInd;
        final long[] tailLen;
        final long[] tailInd;
        final long[] returned;

        Outcome(int n) {
            headLen = new long[n];
            headInd = new long[n];
            tailLen = new long[n];
            tailInd = new long[n];
            returned = new long[n];
        }
    }

    private static Outcome punch(long[] off, long[] len, long[] ind, boolean[] delalloc, long startFsb, long endFsb,
            IndlenPolicy policy) {
        int n = off.length;
        Outcome o = new Outcome(n);
        // Poison the outputs: the loop must write every slot.
        for (int k = 0; k < n; k++) {
            o.headLen[k] = -7;
            o.headInd[k] = -7;
            o.tailLen[k] = -7;
            o.tailInd[k] = -7;
            o.returned[k] = -7;
        }
        DelallocPunchLoop.punch(off, len, ind, delalloc, n, startFsb, endFsb, policy,
                o.headLen, o.headInd, o.tailLen, o.tailInd, o.returned);
        return o;
    }

    /** The JML postcondition of {@link DelallocPunchLoop#punch}, as a Java predicate. */
    private static void assertPostcondition(long[] off, long[] len, long[] ind, boolean[] delalloc, long startFsb,
            long endFsb, Outcome o) {
        for (int k = 0; k < off.length; k++) {
            String what = "record " + k + " [" + off[k] + ", " + (off[k] + len[k]) + ") delalloc " + delalloc[k]
                    + " ind " + ind[k] + ", punch [" + startFsb + ", " + endFsb + ")";
            assertTrue(o.headInd[k] >= 0 && o.tailInd[k] >= 0 && o.returned[k] >= 0, what);
            assertTrue(o.headLen[k] != 0 || o.headInd[k] == 0, what);
            assertTrue(o.tailLen[k] != 0 || o.tailInd[k] == 0, what);
            assertEquals(len[k] + ind[k], o.headLen[k] + o.headInd[k] + o.tailLen[k] + o.tailInd[k] + o.returned[k],
                    "balance: " + what);
            boolean hit = delalloc[k] && off[k] < endFsb && startFsb < off[k] + len[k];
            if (hit) {
                assertEquals(Math.max(startFsb, off[k]) - off[k], o.headLen[k], what);
                assertEquals(off[k] + len[k] - Math.min(endFsb, off[k] + len[k]), o.tailLen[k], what);
            } else {
                assertEquals(len[k], o.headLen[k], what);
                assertEquals(ind[k], o.headInd[k], what);
                assertEquals(0, o.tailLen[k], what);
                assertEquals(0, o.tailInd[k], what);
                assertEquals(0, o.returned[k], what);
            }
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomRecordsMeetTheProvedContractAndTheBlockReference(long seed) {
        Random random = new Random(seed);
        int n = random.nextInt(7);
        long[] off = new long[n];
        long[] len = new long[n];
        long[] ind = new long[n];
        boolean[] delalloc = new boolean[n];
        long cursor = random.nextInt(3);
        for (int k = 0; k < n; k++) {
            off[k] = cursor;
            len[k] = 1 + random.nextInt(9);
            delalloc[k] = random.nextInt(3) > 0;
            ind[k] = delalloc[k] ? random.nextInt(12) : 0;
            cursor = off[k] + len[k] + random.nextInt(3);
        }
        long span = cursor + 3;
        for (int c = 0; c < 20; c++) {
            long startFsb = random.nextInt((int) span);
            long endFsb = startFsb + 1 + random.nextInt((int) span);
            IndlenPolicy policy = random.nextBoolean() ? TINY : XfsIndlen.XFS_4K;
            Outcome o = punch(off, len, ind, delalloc, startFsb, endFsb, policy);
            assertPostcondition(off, len, ind, delalloc, startFsb, endFsb, o);
            // Per block: a block stays iff it is outside the range or not delalloc.
            for (int k = 0; k < n; k++) {
                for (long b = off[k]; b < off[k] + len[k]; b++) {
                    boolean kept = b < off[k] + o.headLen[k] || b >= off[k] + len[k] - o.tailLen[k];
                    boolean expected = !delalloc[k] || b < startFsb || b >= endFsb;
                    assertEquals(expected, kept, "block " + b + " of record " + k + ", punch [" + startFsb + ", "
                            + endFsb + ")");
                }
            }
        }
    }

    @Test
    void wholeRecordGoesWithItsReservation() {
        Outcome o = punch(new long[] {4}, new long[] {3}, new long[] {5}, new boolean[] {true}, 2, 9, TINY);
        assertArrayEquals(new long[] {0}, o.headLen);
        assertArrayEquals(new long[] {0}, o.tailLen);
        assertArrayEquals(new long[] {0}, o.headInd);
        assertArrayEquals(new long[] {0}, o.tailInd);
        assertArrayEquals(new long[] {3 + 5}, o.returned);
    }

    @Test
    void headGoesAndTheTailKeepsAtMostTheOldReservation() {
        // [0, 8) with 7 reserved; punch [0, 4): the tail [4, 8) asks worst(4) = 4 of the tiny geometry.
        Outcome o = punch(new long[] {0}, new long[] {8}, new long[] {7}, new boolean[] {true}, 0, 4, TINY);
        assertArrayEquals(new long[] {0}, o.headLen);
        assertArrayEquals(new long[] {4}, o.tailLen);
        assertArrayEquals(new long[] {4}, o.tailInd);
        assertArrayEquals(new long[] {4 + 3}, o.returned);
        // With only 2 reserved, the tail keeps 2: min(worst, old).
        Outcome capped = punch(new long[] {0}, new long[] {8}, new long[] {2}, new boolean[] {true}, 0, 4, TINY);
        assertArrayEquals(new long[] {2}, capped.tailInd);
        assertArrayEquals(new long[] {4}, capped.returned);
    }

    @Test
    void tailGoesAndTheHeadKeepsAtMostTheOldReservation() {
        Outcome o = punch(new long[] {0}, new long[] {8}, new long[] {7}, new boolean[] {true}, 5, 20, TINY);
        assertArrayEquals(new long[] {5}, o.headLen);
        assertArrayEquals(new long[] {0}, o.tailLen);
        // worst(5) = 3 + 2 + 1 = 6 in the tiny geometry.
        assertArrayEquals(new long[] {6}, o.headInd);
        assertArrayEquals(new long[] {3 + 1}, o.returned);
        Outcome capped = punch(new long[] {0}, new long[] {8}, new long[] {1}, new boolean[] {true}, 5, 20, TINY);
        assertArrayEquals(new long[] {1}, capped.headInd);
        assertArrayEquals(new long[] {3}, capped.returned);
    }

    @Test
    void middleGoesAndBothPiecesGetTheirWorstCaseWhenTheReservationCovers() {
        // [0, 10) reserving 9; punch [4, 6): pieces of 4 blocks each ask worst(4) = 4.
        Outcome o = punch(new long[] {0}, new long[] {10}, new long[] {9}, new boolean[] {true}, 4, 6, TINY);
        assertArrayEquals(new long[] {4}, o.headLen);
        assertArrayEquals(new long[] {4}, o.tailLen);
        assertArrayEquals(new long[] {4}, o.headInd);
        assertArrayEquals(new long[] {4}, o.tailInd);
        assertArrayEquals(new long[] {1 + 2}, o.returned);
    }

    @Test
    void middleOfARecordAwayFromBlockZero() {
        // [2, 12) reserving 9; punch [6, 8): pieces [2, 6) and [8, 12) ask worst(4) = 4 each.
        Outcome o = punch(new long[] {2}, new long[] {10}, new long[] {9}, new boolean[] {true}, 6, 8, TINY);
        assertArrayEquals(new long[] {4}, o.headLen);
        assertArrayEquals(new long[] {4}, o.headInd);
        assertArrayEquals(new long[] {4}, o.tailLen);
        assertArrayEquals(new long[] {4}, o.tailInd);
        assertArrayEquals(new long[] {1 + 2}, o.returned);
    }

    @Test
    void middleGoesAndStealsDeletedBlocksToCoverTheShortfall() {
        // Reserving 6, the pieces ask 8: two of the three deleted data blocks are stolen.
        Outcome o = punch(new long[] {0}, new long[] {11}, new long[] {6}, new boolean[] {true}, 4, 7, TINY);
        assertArrayEquals(new long[] {4}, o.headInd);
        assertArrayEquals(new long[] {4}, o.tailInd);
        assertArrayEquals(new long[] {1}, o.returned);
    }

    @Test
    void middleGoesAndRationsTheReservationWhenStealingIsNotEnough() {
        // Reserving 2, the pieces ask 4 + 4, one block can be stolen: the 3 are scaled to 37% of
        // each request (1 and 1), and the remaining block goes to the first piece: 2 and 1.
        Outcome o = punch(new long[] {0}, new long[] {9}, new long[] {2}, new boolean[] {true}, 4, 5, TINY);
        assertArrayEquals(new long[] {4}, o.headLen);
        assertArrayEquals(new long[] {4}, o.tailLen);
        assertArrayEquals(new long[] {2}, o.headInd);
        assertArrayEquals(new long[] {1}, o.tailInd);
        assertArrayEquals(new long[] {0}, o.returned);
    }

    @Test
    void onlyRecordsOverlappingTheRangeAndDelallocAreTouched() {
        long[] off = {0, 3, 6, 9, 14};
        long[] len = {2, 2, 2, 4, 1};
        long[] ind = {3, 0, 3, 3, 3};
        boolean[] delalloc = {true, false, true, true, true};
        Outcome o = punch(off, len, ind, delalloc, 1, 11, TINY);
        assertArrayEquals(new long[] {1, 2, 0, 0, 1}, o.headLen);
        assertArrayEquals(new long[] {0, 0, 0, 2, 0}, o.tailLen);
        // Trimmed pieces keep their reservation (worst(1) = worst(2) = 3 = the old one): only data comes back.
        assertArrayEquals(new long[] {1, 0, 2 + 3, 2, 0}, o.returned);
        assertPostcondition(off, len, ind, delalloc, 1, 11, o);
    }

    @Test
    void aRangeBeyondTheLastRecordOrBeforeTheFirstTouchesNothing() {
        long[] off = {5};
        long[] len = {3};
        long[] ind = {4};
        boolean[] delalloc = {true};
        Outcome after = punch(off, len, ind, delalloc, 8, 12, TINY);
        assertArrayEquals(new long[] {3}, after.headLen);
        Outcome before = punch(off, len, ind, delalloc, 0, 5, TINY);
        assertArrayEquals(new long[] {3}, before.headLen);
        assertArrayEquals(new long[] {4}, before.headInd);
        Outcome none = punch(new long[0], new long[0], new long[0], new boolean[0], 0, 5, TINY);
        assertEquals(0, none.headLen.length);
    }
}
