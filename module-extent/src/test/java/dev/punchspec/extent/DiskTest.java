package dev.punchspec.extent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Disk}: allocation policy against a per-block reference, freeing, contents. */
class DiskTest {

    @Test
    void allocatesTheLowestRunThatHoldsTheRequest() {
        Disk disk = new Disk(10, 2);
        assertArrayEquals(new long[] {0, 3}, disk.allocate(3));
        assertArrayEquals(new long[] {3, 2}, disk.allocate(2));
        assertTrue(disk.free(1, 1));
        // [1, 2) holds one block, the tail [5, 10) holds three.
        assertArrayEquals(new long[] {5, 3}, disk.allocate(3));
        assertArrayEquals(new long[] {1, 1}, disk.allocate(1));
        assertEquals(8, disk.usedBlocks());
    }

    @Test
    void allocatesTheLongestRunWhenNoneHoldsTheRequest() {
        Disk disk = new Disk(10, 2);
        disk.allocate(10);
        assertTrue(disk.free(1, 2));
        assertTrue(disk.free(5, 3));
        assertTrue(disk.free(9, 1));
        assertArrayEquals(new long[] {5, 3}, disk.allocate(4));
        assertArrayEquals(new long[] {1, 2}, disk.allocate(4));
        assertArrayEquals(new long[] {9, 1}, disk.allocate(4));
        assertNull(disk.allocate(1));
        assertEquals(10, disk.usedBlocks());
        assertThrows(IllegalArgumentException.class, () -> disk.allocate(0));
    }

    @Test
    void theLowestOfEqualLongestRunsWins() {
        Disk disk = new Disk(7, 1);
        disk.allocate(7);
        disk.free(1, 2);
        disk.free(4, 2);
        assertArrayEquals(new long[] {1, 2}, disk.allocate(3));
        Disk tail = new Disk(6, 1);
        tail.allocate(6);
        tail.free(0, 1);
        tail.free(4, 2);
        // The tail run is longer than the run in front.
        assertArrayEquals(new long[] {4, 2}, tail.allocate(3));
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void allocationAndFreeingMatchAPerBlockReference(long seed) {
        Random random = new Random(seed);
        int capacity = 1 + random.nextInt(30);
        Disk disk = new Disk(capacity, 1);
        boolean[] used = new boolean[capacity];
        for (int step = 0; step < 60; step++) {
            if (random.nextBoolean()) {
                int want = 1 + random.nextInt(6);
                long[] got = disk.allocate(want);
                long[] expected = referenceAllocate(used, want);
                if (expected == null) {
                    assertNull(got);
                } else {
                    assertArrayEquals(expected, got);
                    for (long b = expected[0]; b < expected[0] + expected[1]; b++) {
                        used[(int) b] = true;
                    }
                }
            } else {
                int start = random.nextInt(capacity);
                int len = 1 + random.nextInt(capacity - start);
                boolean all = true;
                for (int b = start; b < start + len; b++) {
                    all &= used[b];
                }
                assertEquals(all, disk.isAllocated(start, len));
                assertEquals(all, disk.free(start, len));
                if (all) {
                    for (int b = start; b < start + len; b++) {
                        used[b] = false;
                    }
                }
            }
            long count = 0;
            for (int b = 0; b < capacity; b++) {
                assertEquals(used[b], disk.isAllocated(b), "block " + b);
                count += used[b] ? 1 : 0;
            }
            assertEquals(count, disk.usedBlocks());
        }
    }

    /** First free run holding {@code want}, else the longest (lowest first), per block. */
    private static long @Nullable [] referenceAllocate(boolean[] used, int want) {
        long bestStart = -1;
        long bestLen = 0;
        int b = 0;
        while (b < used.length) {
            if (used[b]) {
                b++;
                continue;
            }
            int start = b;
            while (b < used.length && !used[b]) {
                b++;
            }
            int len = b - start;
            if (len >= want) {
                return new long[] {start, want};
            }
            if (len > bestLen) {
                bestStart = start;
                bestLen = len;
            }
        }
        return bestLen == 0 ? null : new long[] {bestStart, bestLen};
    }

    @Test
    void freeingSomethingNotAllocatedIsRefusedAndChangesNothing() {
        Disk disk = new Disk(8, 1);
        disk.allocate(4);
        Disk before = disk.copy();
        assertFalse(disk.free(3, 2));
        assertFalse(disk.free(6, 1));
        assertEquals(before, disk);
        assertTrue(disk.free(0, 4));
        assertFalse(disk.free(0, 1));
        assertThrows(IllegalArgumentException.class, () -> disk.free(7, 2));
        assertThrows(IllegalArgumentException.class, () -> disk.free(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> disk.free(0, 0));
    }

    @Test
    void freeingTheMiddleOfARunSplitsIt() {
        Disk disk = new Disk(8, 1);
        disk.allocate(6);
        assertTrue(disk.free(2, 2));
        assertTrue(disk.isAllocated(0, 2));
        assertTrue(disk.isAllocated(4, 2));
        assertFalse(disk.isAllocated(1, 2));
        assertEquals("disk{8 x 1B, allocated {0=2, 4=6}, written []}", disk.toString());
        assertArrayEquals(new long[] {2, 2}, disk.allocate(2));
        assertEquals("disk{8 x 1B, allocated {0=6}, written []}", disk.toString());
    }

    @Test
    void contentsSurviveFreeingAndUnwrittenBlocksReadAsZeros() {
        Disk disk = new Disk(4, 3);
        assertArrayEquals(new byte[3], disk.read(2));
        byte[] data = {1, 2, 3};
        disk.write(2, data);
        data[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, disk.read(2), "write copies");
        byte[] read = disk.read(2);
        read[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, disk.read(2), "read copies");
        disk.allocate(4);
        disk.free(0, 4);
        assertArrayEquals(new byte[] {1, 2, 3}, disk.read(2), "freeing does not erase");
        assertThrows(IllegalArgumentException.class, () -> disk.write(2, new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> disk.write(4, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> disk.read(-1));
        assertThrows(IllegalArgumentException.class, () -> disk.isAllocated(4));
    }

    @Test
    void disksAreValues() {
        Disk a = new Disk(4, 2);
        Disk b = new Disk(4, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        a.write(1, new byte[] {1, 1});
        assertNotEquals(a, b);
        b.write(1, new byte[] {1, 1});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.write(1, new byte[] {1, 2});
        assertNotEquals(a, b);
        assertNotEquals(a.hashCode(), b.hashCode());
        Disk c = a.copy();
        c.allocate(1);
        assertNotEquals(a, c);
        assertNotEquals(a.hashCode(), c.hashCode());
        assertNotEquals(new Disk(4, 2), new Disk(5, 2));
        assertNotEquals(new Disk(4, 2), new Disk(4, 1));
        assertNotEquals(new Disk(4, 2), "disk");
        // Same allocation and the same number of written blocks, at different addresses: the
        // contents maps compare a written block with the absent (null) one at its address.
        Disk at0 = new Disk(4, 2);
        Disk at2 = new Disk(4, 2);
        at0.write(0, new byte[] {1, 1});
        at2.write(2, new byte[] {1, 1});
        assertNotEquals(at0, at2);
        assertNotEquals(at2, at0);
        assertEquals(4, a.capacityBlocks());
        assertEquals(2, a.blockSize());
        assertEquals("disk{4 x 2B, allocated {}, written [1]}", a.toString());
    }

    @Test
    void sizesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Disk(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Disk(IndlenPolicy.MAX_FSB + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Disk(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Disk(1, (1 << 30) + 1));
        assertEquals(IndlenPolicy.MAX_FSB, new Disk(IndlenPolicy.MAX_FSB, 1 << 30).capacityBlocks());
        Disk one = new Disk(1, 1);
        assertArrayEquals(new long[] {0, 1}, one.allocate(5));
        assertTrue(one.isAllocated(0));
        assertEquals("diskFsb must be 0..0, was 1", Rejections.rejected(() -> one.read(1)));
        assertEquals("disk range [diskFsb, diskFsb + lengthFsb) must lie in [0, 1) with lengthFsb >= 1, was diskFsb 0,"
                + " lengthFsb 2", Rejections.rejected(() -> one.isAllocated(0, 2)));
        assertThrows(IllegalArgumentException.class, () -> one.isAllocated(1));
        assertThrows(IllegalArgumentException.class, () -> one.isAllocated(-1, 1));
    }
}
