package dev.punchspec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AlignTest {

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    static List<Long> seeds() {
        return Reference.seeds(40);
    }

    @Test
    void powersOfTwoAreExactlyTheSixtyThreeExponents() {
        for (int k = 0; k <= 62; k++) {
            long p = 1L << k;
            assertTrue(Align.isPowerOfTwo(p), "2^" + k);
            if (k >= 2) {
                assertFalse(Align.isPowerOfTwo(p - 1), "2^" + k + " - 1");
            }
            if (k >= 1) {
                assertFalse(Align.isPowerOfTwo(p + 1), "2^" + k + " + 1");
            }
            if (k <= 60) {
                assertFalse(Align.isPowerOfTwo(3L << k), "3 * 2^" + k);
            }
            assertFalse(Align.isPowerOfTwo(-p), "-2^" + k);
        }
        assertFalse(Align.isPowerOfTwo(0));
        assertFalse(Align.isPowerOfTwo(Long.MIN_VALUE));
        assertFalse(Align.isPowerOfTwo(Long.MAX_VALUE));
        assertFalse(Align.isPowerOfTwo(6));
        assertFalse(Align.isPowerOfTwo(3L << 40));
    }

    @Test
    void smallValuesAgainstBruteForce() {
        for (int k = 0; k <= 7; k++) {
            long size = 1L << k;
            for (long x = 0; x <= 300; x++) {
                long down = x;
                while (down % size != 0) {
                    down--;
                }
                long up = x;
                while (up % size != 0) {
                    up++;
                }
                assertEquals(down, Align.roundDown(x, size), "roundDown " + x + " " + size);
                assertEquals(down, Align.alignDown(x, size), "alignDown " + x + " " + size);
                assertEquals(up, Align.roundUp(x, size), "roundUp " + x + " " + size);
                assertEquals(x - down, Align.offsetIn(x, size), "offsetIn " + x + " " + size);
                assertEquals(down == x, Align.isAligned(x, size), "isAligned " + x + " " + size);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void largeValuesAgainstBigInteger(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int k = random.nextInt(63);
            long size = 1L << k;
            long x = random.nextLong() >>> 1;
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger bs = BigInteger.valueOf(size);
            BigInteger down = bx.subtract(bx.mod(bs));
            assertEquals(down.longValueExact(), Align.roundDown(x, size));
            assertEquals(down.longValueExact(), Align.alignDown(x, size));
            assertEquals(bx.mod(bs).longValueExact(), Align.offsetIn(x, size));
            assertEquals(bx.mod(bs).signum() == 0, Align.isAligned(x, size));
            BigInteger up = bx.add(bs).subtract(BigInteger.ONE).divide(bs).multiply(bs);
            if (up.compareTo(MAX) <= 0) {
                assertEquals(up.longValueExact(), Align.roundUp(x, size));
            } else {
                assertThrows(ArithmeticException.class, () -> Align.roundUp(x, size));
            }
        }
    }

    @Test
    void roundUpBoundaryNearLongMaxValueForEverySize() {
        for (int k = 1; k <= 62; k++) {
            long size = 1L << k;
            long largestLegal = Long.MAX_VALUE - (size - 1);
            assertEquals(largestLegal, Align.roundUp(largestLegal, size), "largest legal x, size 2^" + k);
            assertEquals(largestLegal, Align.roundUp(largestLegal - 1, size), "one below, size 2^" + k);
            ArithmeticException e = assertThrows(ArithmeticException.class,
                    () -> Align.roundUp(largestLegal + 1, size), "smallest illegal x, size 2^" + k);
            assertEquals("roundUp: x=" + (largestLegal + 1) + " exceeds Long.MAX_VALUE - (size - 1) for size="
                    + size + "; the result would overflow", e.getMessage());
            assertThrows(ArithmeticException.class, () -> Align.roundUp(Long.MAX_VALUE, size));
        }
        // Size 1: every offset is its own round-up, Long.MAX_VALUE included.
        assertEquals(Long.MAX_VALUE, Align.roundUp(Long.MAX_VALUE, 1));
    }

    @Test
    void otherOperationsAreDefinedUpToLongMaxValue() {
        long size = 4096;
        assertEquals(Long.MAX_VALUE - 4095, Align.roundDown(Long.MAX_VALUE, size));
        assertEquals(Long.MAX_VALUE - 4095, Align.alignDown(Long.MAX_VALUE, size));
        assertEquals(4095, Align.offsetIn(Long.MAX_VALUE, size));
        assertFalse(Align.isAligned(Long.MAX_VALUE, size));
        assertEquals(1L << 62, Align.roundDown(Long.MAX_VALUE, 1L << 62));
    }

    @Test
    void zeroIsAlignedToEverything() {
        for (int k = 0; k <= 62; k++) {
            long size = 1L << k;
            assertEquals(0, Align.roundUp(0, size));
            assertEquals(0, Align.roundDown(0, size));
            assertEquals(0, Align.offsetIn(0, size));
            assertTrue(Align.isAligned(0, size));
        }
    }

    @Test
    void negativeOffsetsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Align.roundDown(-1, 8));
        assertEquals("x must be >= 0, got -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Align.alignDown(-8, 8));
        assertThrows(IllegalArgumentException.class, () -> Align.roundUp(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> Align.isAligned(-8, 8));
        e = assertThrows(IllegalArgumentException.class, () -> Align.offsetIn(-1, 8));
        assertEquals("pos must be >= 0, got -1", e.getMessage());
    }

    @Test
    void sizesThatAreNotPowersOfTwoAreRejected() {
        for (long bad : new long[] {0, -1, -4096, 3, 6, 4095, Long.MAX_VALUE, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Align.roundDown(16, bad));
            assertEquals("size must be a power of two in [1, 2^62], got " + bad, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Align.roundUp(16, bad));
            assertThrows(IllegalArgumentException.class, () -> Align.alignDown(16, bad));
            assertThrows(IllegalArgumentException.class, () -> Align.offsetIn(16, bad));
            assertThrows(IllegalArgumentException.class, () -> Align.isAligned(16, bad));
        }
    }

    @Test
    void kernelExamplesAtFourKilobytePages() {
        // The scan loop's step over a missing folio: ALIGN_DOWN(start, PAGE_SIZE) + PAGE_SIZE.
        assertEquals(12288, Align.alignDown(12287, 4096) + 4096);
        assertEquals(8192, Align.alignDown(8191, 4096) + 4096);
        // iomap_last_written_block(): round_up(pos + written, blocksize), round_down(pos, ...).
        assertEquals(2048, Align.roundUp(1025, 1024));
        assertEquals(1024, Align.roundDown(2047, 1024));
        assertEquals(100, Align.offsetIn(4196, 4096));
    }
}
