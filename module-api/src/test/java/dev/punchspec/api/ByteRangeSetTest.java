package dev.punchspec.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ByteRangeSetTest {

    private static final long MAX = ByteRanges.MAX_LFS_FILESIZE;
    private static final int U = 40;

    static List<Long> seeds() {
        return Reference.seeds(40);
    }

    private static ByteRangeSet set(boolean[] bits) {
        Reference.Lists lists = Reference.ranges(bits);
        return ByteRangeSet.fromNormalized(lists.starts, lists.ends);
    }

    private static void assertHolds(boolean[] expected, ByteRangeSet actual, String what) {
        assertEquals(set(expected), actual, what);
        for (int p = 0; p < expected.length; p++) {
            assertEquals(Reference.bit(expected, p), actual.contains(p), what + " @" + p);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void constructionFromArbitraryRangesAgainstBits(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 30; round++) {
            List<ByteRange> ranges = new ArrayList<>();
            int n = random.nextInt(7);
            boolean[] bits = new boolean[U];
            for (int i = 0; i < n; i++) {
                ByteRange r = Reference.randomRange(random, U);
                ranges.add(r);
                bits = Reference.or(bits, Reference.bits(r, U));
            }
            ByteRangeSet s = ByteRangeSet.copyOf(ranges);
            assertHolds(bits, s, ranges.toString());
            assertEquals(s, ByteRangeSet.of(ranges.toArray(new ByteRange[0])));
            long total = 0;
            for (boolean b : bits) {
                total += b ? 1 : 0;
            }
            assertEquals(total, s.totalBytes(), ranges.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void setAlgebraAgainstBits(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            boolean[] a = Reference.randomBits(random, U);
            boolean[] b = Reference.randomBits(random, U);
            ByteRangeSet sa = set(a);
            ByteRangeSet sb = set(b);
            String what = sa + " " + sb;
            assertHolds(Reference.or(a, b), sa.union(sb), what);
            assertHolds(Reference.and(a, b), sa.intersection(sb), what);
            assertHolds(Reference.andNot(a, b), sa.difference(sb), what);
            boolean subset = !Reference.anySet(Reference.andNot(b, a), new ByteRange(0, U));
            assertEquals(subset, sa.containsAll(sb), what);
            assertTrue(sa.union(sb).containsAll(sb), what);
            ByteRange range = Reference.randomRange(random, U);
            boolean[] rb = Reference.bits(range, U);
            assertHolds(Reference.or(a, rb), sa.union(range), what + range);
            assertHolds(Reference.and(a, rb), sa.intersection(range), what + range);
            assertHolds(Reference.andNot(a, rb), sa.difference(range), what + range);
            boolean covered = Reference.allSet(a, range);
            boolean touched = Reference.anySet(a, range);
            assertEquals(covered, sa.contains(range), what + range);
            assertEquals(touched, sa.overlaps(range), what + range);
            ByteRangeSet complement = sa.complement();
            assertEquals(MAX, complement.range(complement.rangeCount() - 1).endByte(), what);
            assertHolds(Reference.not(a), complement.intersection(new ByteRange(0, U)), what);
            assertEquals(sa, complement.complement(), what);
        }
    }

    @Test
    void accessorsAndCopies() {
        ByteRangeSet s = ByteRangeSet.of(new ByteRange(8, 12), new ByteRange(0, 4), new ByteRange(4, 5));
        assertEquals(2, s.rangeCount());
        assertFalse(s.isEmpty());
        assertEquals(new ByteRange(0, 5), s.range(0));
        assertEquals(new ByteRange(8, 12), s.range(1));
        assertEquals(List.of(new ByteRange(0, 5), new ByteRange(8, 12)), s.ranges());
        assertThrows(UnsupportedOperationException.class, () -> s.ranges().add(new ByteRange(0, 1)));
        assertEquals(9, s.totalBytes());
        long[] starts = s.startBytes();
        long[] ends = s.endBytes();
        assertArrayEquals(new long[] {0, 8}, starts);
        assertArrayEquals(new long[] {5, 12}, ends);
        Arrays.fill(starts, 99);
        Arrays.fill(ends, 100);
        assertArrayEquals(new long[] {0, 8}, s.startBytes(), "a copy: the set is unchanged");
        assertArrayEquals(new long[] {5, 12}, s.endBytes(), "a copy: the set is unchanged");
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.range(2));
        assertEquals("index must be in [0, 2), got 2", e.getMessage());
        assertEquals("index must be in [0, 2), got -1",
                assertThrows(IndexOutOfBoundsException.class, () -> s.range(-1)).getMessage());
        assertEquals("{[0, 5), [8, 12)}", s.toString());
        assertEquals("{}", ByteRangeSet.empty().toString());
        assertEquals("{[3, 4)}", ByteRangeSet.of(new ByteRange(3, 4)).toString());
    }

    @Test
    void emptySet() {
        ByteRangeSet e = ByteRangeSet.empty();
        assertTrue(e.isEmpty());
        assertEquals(0, e.rangeCount());
        assertEquals(0, e.totalBytes());
        assertFalse(e.contains(0));
        assertTrue(e.contains(new ByteRange(5, 5)));
        assertFalse(e.contains(new ByteRange(5, 6)));
        assertEquals(e, ByteRangeSet.of());
        assertEquals(e, ByteRangeSet.of(new ByteRange(3, 3), new ByteRange(0, 0)));
        assertEquals(ByteRangeSet.of(new ByteRange(0, MAX)), e.complement());
        assertTrue(e.complement().contains(MAX - 1));
        assertEquals(MAX, e.complement().totalBytes(), "the largest total there is");
    }

    @Test
    void fromNormalizedValidatesAndCopies() {
        long[] starts = {0, 5};
        long[] ends = {3, 9};
        ByteRangeSet s = ByteRangeSet.fromNormalized(starts, ends);
        starts[0] = 1;
        assertEquals(new ByteRange(0, 3), s.range(0), "the set copied the arrays");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteRangeSet.fromNormalized(new long[] {0, 3}, new long[] {3, 9}));
        assertEquals("ranges: range 1 [3, 9) is invalid, empty, or not strictly after its predecessor; the list"
                + " must be normalized (non-empty ranges, sorted, neither overlapping nor touching)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ByteRangeSet.fromNormalized(new long[] {0}, new long[] {3, 9}));
        assertEquals("ranges: starts.length (1) != ends.length (2)", e.getMessage());
    }

    @Test
    void containsRejectsNegativePositions() {
        ByteRangeSet s = ByteRangeSet.of(new ByteRange(0, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.contains(-1));
        assertEquals("pos must be >= 0, got -1", e.getMessage());
    }

    @Test
    void valueSemantics() {
        ByteRangeSet a = ByteRangeSet.of(new ByteRange(0, 4), new ByteRange(6, 8));
        ByteRangeSet same = ByteRangeSet.of(new ByteRange(6, 7), new ByteRange(0, 2), new ByteRange(2, 4),
                new ByteRange(7, 8));
        assertEquals(a, same, "same bytes, same set");
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, ByteRangeSet.of(new ByteRange(0, 4), new ByteRange(6, 9)), "ends differ");
        assertNotEquals(a, ByteRangeSet.of(new ByteRange(0, 4), new ByteRange(5, 8)), "starts differ");
        assertNotEquals(a, (Object) "{[0, 4), [6, 8)}");
        Set<Integer> hashes = new HashSet<>();
        for (long s = 0; s < 12; s++) {
            for (long e = s + 1; e < 12; e++) {
                hashes.add(ByteRangeSet.of(new ByteRange(s, e)).hashCode());
                hashes.add(ByteRangeSet.of(new ByteRange(0, s + 1), new ByteRange(e + 1, 13)).hashCode());
            }
        }
        assertTrue(hashes.size() > 60, "distinct sets hash apart: " + hashes.size());
    }
}
