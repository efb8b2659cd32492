package dev.punchspec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShiftsTest {

    static List<Long> seeds() {
        return Reference.seeds(30);
    }

    @Test
    void sizeOfAndLog2AreInversesOverEveryShift() {
        for (int k = 0; k <= Shifts.MAX_SHIFT; k++) {
            long size = Shifts.sizeOf(k);
            assertEquals(BigInteger.ONE.shiftLeft(k).longValueExact(), size, "sizeOf " + k);
            assertEquals(k, Shifts.log2(size), "log2 2^" + k);
        }
        assertEquals(62, Shifts.MAX_SHIFT);
    }

    @Test
    void log2RejectsNonPowersOfTwo() {
        for (long bad : new long[] {0, -2, 3, 12, Long.MAX_VALUE, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shifts.log2(bad));
            assertEquals("log2: argument must be a power of two, got " + bad, e.getMessage());
        }
    }

    @Test
    void shiftCountsOutsideZeroToSixtyTwoAreRejected() {
        for (int bad : new int[] {-1, 63, 64, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shifts.sizeOf(bad));
            assertEquals("shift must be in [0, 62], got " + bad, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Shifts.indexOf(0, bad));
            assertThrows(IllegalArgumentException.class, () -> Shifts.posOf(0, bad));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void indexAndPositionAgainstBigInteger(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            int shift = random.nextInt(63);
            long pos = random.nextLong() >>> 1;
            long index = Shifts.indexOf(pos, shift);
            assertEquals(BigInteger.valueOf(pos).shiftRight(shift).longValueExact(), index);
            long start = Shifts.posOf(index, shift);
            assertEquals(BigInteger.valueOf(index).shiftLeft(shift).longValueExact(), start);
            assertTrue(start <= pos && pos - start < Shifts.sizeOf(shift), "unit contains pos");
            long anyIndex = random.nextLong() >>> (1 + random.nextInt(63));
            BigInteger exact = BigInteger.valueOf(anyIndex).shiftLeft(shift);
            if (exact.bitLength() <= 63) {
                assertEquals(exact.longValueExact(), Shifts.posOf(anyIndex, shift));
            } else {
                assertThrows(ArithmeticException.class, () -> Shifts.posOf(anyIndex, shift));
            }
        }
    }

    @Test
    void indexOfRoundUpAgainstBruteForceAndAtTheTop() {
        for (int shift = 0; shift <= 6; shift++) {
            long size = 1L << shift;
            for (long pos = 0; pos <= 200; pos++) {
                long units = 0;
                while (units * size < pos) {
                    units++;
                }
                assertEquals(units, Shifts.indexOfRoundUp(pos, shift), pos + " / 2^" + shift);
            }
        }
        // XFS_B_TO_FSB rounds up, XFS_B_TO_FSBT (indexOf) rounds down.
        assertEquals(3, Shifts.indexOfRoundUp(8193, 12));
        assertEquals(2, Shifts.indexOfRoundUp(8192, 12));
        assertEquals(2, Shifts.indexOf(8193, 12));
        // Defined up to Long.MAX_VALUE, where the C's (b + mask) would overflow.
        for (int shift = 0; shift <= 62; shift++) {
            long expected = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE.shiftLeft(shift))
                    .subtract(BigInteger.ONE).shiftRight(shift).longValueExact();
            assertEquals(expected, Shifts.indexOfRoundUp(Long.MAX_VALUE, shift), "shift " + shift);
            assertEquals(0, Shifts.indexOfRoundUp(0, shift));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shifts.indexOfRoundUp(-1, 3));
        assertEquals("pos must be >= 0, got -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shifts.indexOfRoundUp(1, 63));
    }

    @Test
    void posOfBoundaryNearLongMaxValueForEveryShift() {
        for (int shift = 0; shift <= 62; shift++) {
            long largestLegal = Long.MAX_VALUE >> shift;
            long pos = Shifts.posOf(largestLegal, shift);
            assertEquals(Long.MAX_VALUE - (Shifts.sizeOf(shift) - 1), pos, "largest legal index, shift " + shift);
            assertEquals(largestLegal, Shifts.indexOf(Long.MAX_VALUE, shift));
            if (shift > 0) {
                int s = shift;
                ArithmeticException e = assertThrows(ArithmeticException.class,
                        () -> Shifts.posOf(largestLegal + 1, s), "smallest illegal index, shift " + shift);
                assertEquals("posOf: index=" + (largestLegal + 1) + " << shift=" + shift
                        + " exceeds Long.MAX_VALUE (largest legal index " + largestLegal + ")", e.getMessage());
            }
        }
    }

    @Test
    void thirtyTwoBitOverflowOfTheKernelBugIsAPlainValueHere() {
        // folio_next_index() << PAGE_SHIFT wrapped in a 32-bit unsigned long at index 2^20.
        assertEquals(1L << 32, Shifts.posOf(1L << 20, 12));
        assertEquals(1L << 20, Shifts.indexOf(1L << 32, 12));
    }

    @Test
    void negativeArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shifts.indexOf(-1, 12));
        assertEquals("pos must be >= 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shifts.posOf(-1, 12));
        assertEquals("index must be >= 0, got -1", e.getMessage());
        assertEquals(0, Shifts.indexOf(0, 62));
        assertEquals(0, Shifts.posOf(0, 62));
        assertEquals(1L << 62, Shifts.posOf(1, 62));
    }
}
