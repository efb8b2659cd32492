package dev.punchspec.api;

import static dev.punchspec.api.ByteRangesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The list half of {@link ByteRanges}: seeded random lists against boolean-array references. */
class ByteRangesListTest {

    private static final long MAX = ByteRanges.MAX_LFS_FILESIZE;
    private static final int U = 48;

    static List<Long> seeds() {
        return Reference.seeds(60);
    }

    // ------------------------------------------------------------------ predicates

    @Test
    void normalizedPredicate() {
        assertTrue(ByteRanges.isNormalized(new long[0], new long[0]));
        assertTrue(ByteRanges.isNormalized(new long[] {0, 3}, new long[] {2, MAX}));
        assertFalse(ByteRanges.isNormalized(new long[] {0}, new long[0]), "lengths differ");
        assertFalse(ByteRanges.isNormalized(new long[0], new long[] {1}), "lengths differ");
        assertFalse(ByteRanges.isNormalized(new long[] {-1}, new long[] {2}), "negative start");
        assertFalse(ByteRanges.isNormalized(new long[] {2}, new long[] {2}), "empty range");
        assertFalse(ByteRanges.isNormalized(new long[] {3}, new long[] {2}), "inverted range");
        assertFalse(ByteRanges.isNormalized(new long[] {0, 2}, new long[] {2, 4}), "touching");
        assertFalse(ByteRanges.isNormalized(new long[] {0, 1}, new long[] {2, 4}), "overlapping");
        assertFalse(ByteRanges.isNormalized(new long[] {5, 0}, new long[] {6, 2}), "unsorted");
        assertFalse(ByteRanges.isNormalized(new long[] {0, 3, 4}, new long[] {2, 5, 6}), "third range bad");
        assertTrue(ByteRanges.isNormalized(new long[] {0, 3, 6}, new long[] {2, 5, 7}));
    }

    @Test
    void sortedByStartPredicate() {
        assertTrue(ByteRanges.isSortedByStart(new long[0], new long[0]));
        assertTrue(ByteRanges.isSortedByStart(new long[] {0, 0, 2, 2}, new long[] {5, 0, 2, 9}));
        assertFalse(ByteRanges.isSortedByStart(new long[] {0}, new long[] {1, 2}), "lengths differ");
        assertFalse(ByteRanges.isSortedByStart(new long[] {-1}, new long[] {1}), "negative start");
        assertFalse(ByteRanges.isSortedByStart(new long[] {2}, new long[] {1}), "inverted");
        assertFalse(ByteRanges.isSortedByStart(new long[] {0, 3, 2}, new long[] {1, 4, 5}), "start decreases");
    }

    @Test
    void checkNormalizedNamesTheListAndTheRange() {
        ByteRanges.checkNormalized("a", new long[] {1}, new long[] {2});
        assertMessage("a: starts.length (1) != ends.length (2)",
                () -> ByteRanges.checkNormalized("a", new long[] {1}, new long[] {2, 3}));
        assertMessage("dirty: range 1 [2, 4) is invalid, empty, or not strictly after its predecessor; the list"
                + " must be normalized (non-empty ranges, sorted, neither overlapping nor touching)",
                () -> ByteRanges.checkNormalized("dirty", new long[] {0, 2}, new long[] {2, 4}));
        assertMessage("b: range 0 [-1, 4) is invalid, empty, or not strictly after its predecessor; the list"
                + " must be normalized (non-empty ranges, sorted, neither overlapping nor touching)",
                () -> ByteRanges.checkNormalized("b", new long[] {-1}, new long[] {4}));
    }

    // ------------------------------------------------------------------ append

    @Test
    void appendCoalescesOverlappingAndTouchingRanges() {
        long[] s = new long[3];
        long[] e = new long[3];
        int n = ByteRanges.append(s, e, 0, 2, 5);
        assertEquals(1, n);
        n = ByteRanges.append(s, e, n, 3, 4);
        assertEquals(1, n, "inside the last: coalesced");
        assertEquals(5, e[0], "end kept");
        n = ByteRanges.append(s, e, n, 5, 7);
        assertEquals(1, n, "touching: coalesced");
        assertEquals(7, e[0]);
        n = ByteRanges.append(s, e, n, 2, 8);
        assertEquals(1, n, "same start: coalesced");
        assertEquals(8, e[0]);
        n = ByteRanges.append(s, e, n, 9, 10);
        assertEquals(2, n, "a gap: new range");
        n = ByteRanges.append(s, e, n, 11, MAX);
        assertEquals(3, n);
        n = ByteRanges.append(s, e, n, 12, 13);
        assertEquals(3, n, "full but coalescing: fine");
        assertArrayEquals(new long[] {2, 9, 11}, s);
        assertArrayEquals(new long[] {8, 10, MAX}, e);
    }

    @Test
    void appendRejectsBadArguments() {
        long[] s = new long[] {0, 0};
        long[] e = new long[] {4, 0};
        assertMessage("append: outStarts and outEnds must be different arrays", () -> ByteRanges.append(s, s, 0, 1, 2));
        assertMessage("append: count must be in [0, 2], got -1", () -> ByteRanges.append(s, e, -1, 5, 6));
        assertMessage("append: count must be in [0, 2], got 3", () -> ByteRanges.append(s, e, 3, 5, 6));
        assertMessage("append: count must be in [0, 1], got 2", () -> ByteRanges.append(s, new long[1], 2, 5, 6));
        assertMessage("startByte must be >= 0, got -1", () -> ByteRanges.append(s, e, 1, -1, 6));
        assertMessage("endByte must be >= startByte (6), got 5", () -> ByteRanges.append(s, e, 1, 6, 5));
        assertMessage("append: the range must be non-empty, got [6, 6)", () -> ByteRanges.append(s, e, 1, 6, 6));
        long[] s2 = new long[] {4, 0};
        long[] e2 = new long[] {6, 0};
        assertMessage("append: startByte 3 is below the last range's start 4; ranges must be appended in start"
                + " order", () -> ByteRanges.append(s2, e2, 1, 3, 9));
        assertEquals(1, ByteRanges.append(s2, e2, 1, 4, 9), "equal start is in order");
        long[] full = new long[] {0};
        long[] fullEnds = new long[] {2};
        assertMessage("append: no room for another range, count 1 == capacity 1",
                () -> ByteRanges.append(full, fullEnds, 1, 3, 4));
        assertMessage("append: no room for another range, count 1 == capacity 1",
                () -> ByteRanges.append(new long[] {0, 0}, fullEnds, 1, 3, 4));
        assertMessage("append: no room for another range, count 0 == capacity 0",
                () -> ByteRanges.append(new long[0], new long[0], 0, 3, 4));
        assertEquals(1, ByteRanges.append(full, fullEnds, 1, 2, 4), "coalescing needs no room");
        assertEquals(4, fullEnds[0]);
    }

    // ------------------------------------------------------------------ normalize

    @ParameterizedTest
    @MethodSource("seeds")
    void normalizeAgainstBits(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            int n = random.nextInt(8);
            List<ByteRange> ranges = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ranges.add(Reference.randomRange(random, U));
            }
            ranges.sort(Comparator.comparingLong(ByteRange::startByte));
            long[] starts = ranges.stream().mapToLong(ByteRange::startByte).toArray();
            long[] ends = ranges.stream().mapToLong(ByteRange::endByte).toArray();
            long[] os = new long[n];
            long[] oe = new long[n];
            int count = ByteRanges.normalize(starts, ends, os, oe);
            Reference.Lists expected = Reference.ranges(Reference.bits(new Reference.Lists(starts, ends), U));
            assertArrayEquals(expected.starts, Reference.prefix(os, count), ranges.toString());
            assertArrayEquals(expected.ends, Reference.prefix(oe, count), ranges.toString());
        }
    }

    @Test
    void normalizeRejectsBadInput() {
        long[] os = new long[4];
        long[] oe = new long[4];
        assertMessage("input: starts.length (1) != ends.length (0)",
                () -> ByteRanges.normalize(new long[] {1}, new long[0], os, oe));
        assertMessage("input: range 1 [1, 4) is invalid or starts before its predecessor; the list must hold"
                + " valid ranges sorted by start",
                () -> ByteRanges.normalize(new long[] {2, 1}, new long[] {3, 4}, os, oe));
        assertMessage("input: range 0 [-2, 4) is invalid or starts before its predecessor; the list must hold"
                + " valid ranges sorted by start",
                () -> ByteRanges.normalize(new long[] {-2}, new long[] {4}, os, oe));
        assertMessage("output arrays (lengths 1, 4) are below the 2 entries the result may need",
                () -> ByteRanges.normalize(new long[] {0, 0}, new long[] {3, 3}, new long[1], oe));
        long[] in = new long[] {0, 1};
        long[] inEnds = new long[] {1, 2};
        assertMessage("outStarts and outEnds must be different arrays", () -> ByteRanges.normalize(in, inEnds, os, os));
        assertEquals(0, ByteRanges.normalize(new long[] {3, 5}, new long[] {3, 5}, new long[2], new long[2]),
                "all empty");
    }

    // ------------------------------------------------------------------ set operations

    @ParameterizedTest
    @MethodSource("seeds")
    void setOperationsAgainstBits(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 25; round++) {
            boolean[] a = Reference.randomBits(random, U);
            boolean[] b = Reference.randomBits(random, U);
            Reference.Lists la = Reference.ranges(a);
            Reference.Lists lb = Reference.ranges(b);
            int n = la.starts.length;
            int m = lb.starts.length;
            String what = la.describe() + " | " + lb.describe();

            long[] os = new long[n + m];
            long[] oe = new long[n + m];
            int count = ByteRanges.union(la.starts, la.ends, lb.starts, lb.ends, os, oe);
            assertList(Reference.or(a, b), os, oe, count, what);

            os = Reference.array(ByteRanges.intersectionCapacity(n, m));
            oe = Reference.array(ByteRanges.intersectionCapacity(n, m));
            count = ByteRanges.intersection(la.starts, la.ends, lb.starts, lb.ends, os, oe);
            assertList(Reference.and(a, b), os, oe, count, what);

            os = new long[n + m];
            oe = new long[n + m];
            count = ByteRanges.difference(la.starts, la.ends, lb.starts, lb.ends, os, oe);
            assertList(Reference.andNot(a, b), os, oe, count, what);

            os = new long[m + 1];
            oe = new long[m + 1];
            count = ByteRanges.complement(lb.starts, lb.ends, os, oe);
            // Inside [0, U) the complement is the negation; past U it runs to MAX_LFS_FILESIZE.
            Reference.Lists complement = new Reference.Lists(Reference.prefix(os, count), Reference.prefix(oe, count));
            assertTrue(ByteRanges.isNormalized(complement.starts, complement.ends), what);
            assertEquals(MAX, Reference.at(complement.ends, count - 1), what);
            assertArrayEquals(Reference.not(b), Reference.bits(complement, U), what);

            for (int p = 0; p < U; p++) {
                int q = ByteRanges.find(la.starts, la.ends, p);
                if (Reference.bit(a, p)) {
                    assertTrue(Reference.at(la.starts, q) <= p && p < Reference.at(la.ends, q), what + " find " + p);
                } else {
                    assertEquals(-1, q, what + " find " + p);
                }
            }
            for (int round2 = 0; round2 < 10; round2++) {
                ByteRange r = Reference.randomRange(random, U);
                assertEquals(Reference.allSet(a, r), ByteRanges.covers(la.starts, la.ends, r.startByte(), r.endByte()),
                        what + r);
                assertEquals(Reference.anySet(a, r),
                        ByteRanges.overlapsAny(la.starts, la.ends, r.startByte(), r.endByte()), what + r);
            }
        }
    }

    private static void assertList(boolean[] expectedBits, long[] os, long[] oe, int count, String what) {
        Reference.Lists expected = Reference.ranges(expectedBits);
        assertArrayEquals(expected.starts, Reference.prefix(os, count), what);
        assertArrayEquals(expected.ends, Reference.prefix(oe, count), what);
    }

    @Test
    void capacityBoundsAreTight() {
        // Interleaved lists: a = [0,1) [2,3) [4,5), b = [1,2) [3,4): union is one range, the
        // difference a - b keeps all three; a = [0,9), b = [1,2) [3,4) [5,6): a - b has four.
        long[] as = {0};
        long[] ae = {9};
        long[] bs = {1, 3, 5};
        long[] be = {2, 4, 6};
        long[] os = new long[4];
        long[] oe = new long[4];
        assertEquals(4, ByteRanges.difference(as, ae, bs, be, os, oe));
        assertArrayEquals(new long[] {0, 2, 4, 6}, os);
        assertArrayEquals(new long[] {1, 3, 5, 9}, oe);
        // Intersection of [0,2) [3,5) [6,8) with [1,7): three pieces = 3 + 1 - 1.
        assertEquals(3, ByteRanges.intersectionCapacity(3, 1));
        long[] is = new long[3];
        long[] ie = new long[3];
        assertEquals(3, ByteRanges.intersection(new long[] {0, 3, 6}, new long[] {2, 5, 8}, new long[] {1},
                new long[] {7}, is, ie));
        assertArrayEquals(new long[] {1, 3, 6}, is);
        assertArrayEquals(new long[] {2, 5, 7}, ie);
        // Union of disjoint interleaved lists needs n + m.
        long[] us = new long[5];
        long[] ue = new long[5];
        assertEquals(5, ByteRanges.union(new long[] {0, 4, 8}, new long[] {1, 5, 9}, new long[] {2, 6},
                new long[] {3, 7}, us, ue));
        assertArrayEquals(new long[] {0, 2, 4, 6, 8}, us);
        // Complement of [0,1) [2,3): [1,2) [3, MAX): and of nothing: everything.
        long[] cs = new long[3];
        long[] ce = new long[3];
        assertEquals(2, ByteRanges.complement(new long[] {0, 2}, new long[] {1, 3}, cs, ce));
        assertArrayEquals(new long[] {1, 3, 0}, cs);
        assertArrayEquals(new long[] {2, MAX, 0}, ce);
        assertEquals(1, ByteRanges.complement(new long[0], new long[0], new long[1], ce));
        assertEquals(MAX, ce[0]);
        assertEquals(3, ByteRanges.complement(new long[] {1, 3}, new long[] {2, 4}, cs, ce));
        assertArrayEquals(new long[] {0, 2, 4}, cs);
    }

    @Test
    void intersectionCapacity() {
        assertEquals(0, ByteRanges.intersectionCapacity(0, 0));
        assertEquals(4, ByteRanges.intersectionCapacity(0, 5), "the formula, though nothing is written");
        assertEquals(4, ByteRanges.intersectionCapacity(2, 3));
        assertEquals(2L * Integer.MAX_VALUE - 1, ByteRanges.intersectionCapacity(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertMessage("counts must be >= 0, got aCount=-1, bCount=0", () -> ByteRanges.intersectionCapacity(-1, 0));
        assertMessage("counts must be >= 0, got aCount=0, bCount=-1", () -> ByteRanges.intersectionCapacity(0, -1));
    }

    @Test
    void rangesReachingMaxLfsFileSize() {
        long[] as = {5};
        long[] ae = {MAX};
        long[] bs = {0, MAX - 1};
        long[] be = {6, MAX};
        long[] os = new long[3];
        long[] oe = new long[3];
        assertEquals(1, ByteRanges.union(as, ae, bs, be, os, oe));
        assertEquals(0, os[0]);
        assertEquals(MAX, oe[0]);
        assertEquals(1, ByteRanges.difference(as, ae, bs, be, os, oe));
        assertEquals(6, os[0]);
        assertEquals(MAX - 1, oe[0]);
        assertEquals(2, ByteRanges.intersection(as, ae, bs, be, os, oe));
        assertArrayEquals(new long[] {5, MAX - 1}, Reference.prefix(os, 2));
        assertArrayEquals(new long[] {6, MAX}, Reference.prefix(oe, 2));
        assertEquals(1, ByteRanges.complement(bs, be, os, oe), "no hole after an end at MAX");
        assertEquals(6, os[0]);
        assertEquals(MAX - 1, oe[0]);
        assertEquals(-1, ByteRanges.find(bs, be, MAX - 2));
        assertEquals(1, ByteRanges.find(bs, be, MAX - 1));
        assertTrue(ByteRanges.covers(as, ae, MAX - 1, MAX));
        assertTrue(ByteRanges.covers(as, ae, 5, MAX));
        assertFalse(ByteRanges.covers(as, ae, 4, MAX));
        assertTrue(ByteRanges.overlapsAny(bs, be, MAX - 2, MAX));
        assertFalse(ByteRanges.overlapsAny(bs, be, MAX - 1, MAX - 1));
    }

    @Test
    void emptyRangesAreCoveredAndOverlapNothing() {
        long[] s = {2};
        long[] e = {4};
        assertTrue(ByteRanges.covers(s, e, 9, 9));
        assertTrue(ByteRanges.covers(new long[0], new long[0], 0, 0));
        assertFalse(ByteRanges.covers(new long[0], new long[0], 0, 1));
        assertFalse(ByteRanges.overlapsAny(s, e, 3, 3));
        assertTrue(ByteRanges.covers(s, e, 2, 4));
        assertFalse(ByteRanges.covers(s, e, 2, 5));
        assertFalse(ByteRanges.covers(s, e, 1, 3));
    }

    @Test
    void listOperationsRejectBadInput() {
        long[] good = {0};
        long[] goodEnds = {2};
        long[] bad = {0, 1};
        long[] badEnds = {2, 3};
        long[] os = new long[8];
        long[] oe = new long[8];
        String badA = "a: range 1 [1, 3) is invalid, empty, or not strictly after its predecessor; the list must be"
                + " normalized (non-empty ranges, sorted, neither overlapping nor touching)";
        String badB = badA.replace("a: ", "b: ");
        String badIn = badA.replace("a: ", "input: ");
        assertMessage(badA, () -> ByteRanges.union(bad, badEnds, good, goodEnds, os, oe));
        assertMessage(badB, () -> ByteRanges.union(good, goodEnds, bad, badEnds, os, oe));
        assertMessage(badA, () -> ByteRanges.intersection(bad, badEnds, good, goodEnds, os, oe));
        assertMessage(badB, () -> ByteRanges.intersection(good, goodEnds, bad, badEnds, os, oe));
        assertMessage(badA, () -> ByteRanges.difference(bad, badEnds, good, goodEnds, os, oe));
        assertMessage(badB, () -> ByteRanges.difference(good, goodEnds, bad, badEnds, os, oe));
        assertMessage(badIn, () -> ByteRanges.complement(bad, badEnds, os, oe));
        assertMessage(badIn, () -> ByteRanges.find(bad, badEnds, 0));
        assertMessage(badIn, () -> ByteRanges.covers(bad, badEnds, 0, 0));
        assertMessage(badIn, () -> ByteRanges.covers(bad, badEnds, 0, 1));
        assertMessage(badIn, () -> ByteRanges.overlapsAny(bad, badEnds, 0, 1));
        assertMessage("pos must be >= 0, got -1", () -> ByteRanges.find(good, goodEnds, -1));
        assertMessage("endByte must be >= startByte (2), got 1", () -> ByteRanges.covers(good, goodEnds, 2, 1));
        assertMessage("startByte must be >= 0, got -1", () -> ByteRanges.overlapsAny(good, goodEnds, -1, 1));
    }

    @Test
    void listOperationsCheckTheirOutputs() {
        long[] as = {0, 4};
        long[] ae = {2, 6};
        long[] bs = {1};
        long[] be = {5};
        // Too small, even where the actual result would fit: the check is against the bound.
        assertMessage("output arrays (lengths 2, 3) are below the 3 entries the result may need",
                () -> ByteRanges.union(as, ae, bs, be, new long[2], new long[3]));
        assertMessage("output arrays (lengths 3, 2) are below the 3 entries the result may need",
                () -> ByteRanges.union(as, ae, bs, be, new long[3], new long[2]));
        assertMessage("output arrays (lengths 1, 1) are below the 2 entries the result may need",
                () -> ByteRanges.intersection(as, ae, bs, be, new long[1], new long[1]));
        assertMessage("output arrays (lengths 2, 2) are below the 3 entries the result may need",
                () -> ByteRanges.difference(as, ae, bs, be, new long[2], new long[2]));
        assertMessage("output arrays (lengths 1, 1) are below the 2 entries the result may need",
                () -> ByteRanges.complement(bs, be, new long[1], new long[1]));
        // difference asks for aCount + bCount whatever b is: here b = [0, 10) has a one-range
        // complement, so the intersection inside would need only one entry, but the bound holds.
        assertMessage("output arrays (lengths 1, 1) are below the 2 entries the result may need",
                () -> ByteRanges.difference(new long[] {0}, new long[] {5}, new long[] {0}, new long[] {10},
                        new long[1], new long[1]));
        long[] same = new long[4];
        assertMessage("outStarts and outEnds must be different arrays", () -> ByteRanges.union(as, ae, bs, be, same, same));
        assertMessage("outStarts and outEnds must be different arrays",
                () -> ByteRanges.intersection(new long[0], new long[0], bs, be, same, same));
        assertMessage("outStarts and outEnds must be different arrays",
                () -> ByteRanges.difference(new long[0], new long[0], bs, be, same, same));
        assertMessage("outStarts and outEnds must be different arrays", () -> ByteRanges.complement(bs, be, same, same));
    }

    /**
     * An output array that is an input array is rejected wherever the capacity rule allows it at
     * all (with the other list empty or short); each of the four pairings separately.
     */
    @Test
    void outputsMustNotAliasInputs() {
        long[] s = {0, 4};
        long[] e = {2, 6};
        long[] none = new long[0];
        long[] o = new long[4];
        assertAliasRejected(s, e, none, none, o, s, "a");
        assertAliasRejected(s, e, none, none, o, e, "a");
        assertAliasRejected(s, e, none, none, s, o, "a");
        assertAliasRejected(s, e, none, none, e, o, "a");
        assertAliasRejected(none, none, s, e, o, s, "b");
        assertAliasRejected(none, none, s, e, o, e, "b");
        assertAliasRejected(none, none, s, e, s, o, "b");
        assertAliasRejected(none, none, s, e, e, o, "b");
        String inInput = "input: output arrays must not be this input's arrays";
        assertMessage(inInput, () -> ByteRanges.normalize(s, e, s, o));
        assertMessage(inInput, () -> ByteRanges.normalize(s, e, e, o));
        assertMessage(inInput, () -> ByteRanges.normalize(s, e, o, s));
        assertMessage(inInput, () -> ByteRanges.normalize(s, e, o, e));
    }

    /** Union and difference with the other list empty, intersection with it of one range. */
    private static void assertAliasRejected(long[] as, long[] ae, long[] bs, long[] be, long[] os, long[] oe,
            String aliased) {
        String message = aliased + ": output arrays must not be this input's arrays";
        assertMessage(message, () -> ByteRanges.union(as, ae, bs, be, os, oe));
        assertMessage(message, () -> ByteRanges.difference(as, ae, bs, be, os, oe));
        long[] one = {1};
        long[] oneEnd = {3};
        if (aliased.equals("a")) {
            assertMessage(message, () -> ByteRanges.intersection(as, ae, one, oneEnd, os, oe));
        } else {
            assertMessage(message, () -> ByteRanges.intersection(one, oneEnd, bs, be, os, oe));
        }
    }
}
