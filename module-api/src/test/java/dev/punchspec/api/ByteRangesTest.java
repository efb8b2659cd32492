package dev.punchspec.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The single-range half of {@link ByteRanges}, exhaustively on small ranges and near the top. */
class ByteRangesTest {

    private static final long MAX = ByteRanges.MAX_LFS_FILESIZE;
    private static final int U = 9;

    static List<Long> seeds() {
        return Reference.seeds(30);
    }

    @Test
    void maxLfsFileSizeIsLongMaxValueOnSixtyFourBit() {
        assertEquals(Long.MAX_VALUE, MAX);
    }

    @Test
    void validity() {
        assertTrue(ByteRanges.isValid(0, 0));
        assertTrue(ByteRanges.isValid(0, MAX));
        assertTrue(ByteRanges.isValid(MAX, MAX));
        assertTrue(ByteRanges.isValid(5, 6));
        assertFalse(ByteRanges.isValid(-1, 5));
        assertFalse(ByteRanges.isValid(6, 5));
        assertFalse(ByteRanges.isValid(Long.MIN_VALUE, 0));
    }

    @Test
    void checkRangeNamesTheFieldAndValue() {
        ByteRanges.checkRange("s", 0, "e", 0);
        ByteRanges.checkRange("s", 3, "e", MAX);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteRanges.checkRange("startByte", -1, "endByte", 5));
        assertEquals("startByte must be >= 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ByteRanges.checkRange("startByte", 7, "endByte", 6));
        assertEquals("endByte must be >= startByte (7), got 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ByteRanges.checkPosition("pos", -3));
        assertEquals("pos must be >= 0, got -3", e.getMessage());
        ByteRanges.checkPosition("pos", 0);
    }

    /** Every pair of ranges inside [0, 9] against the bit-by-bit reference. */
    @Test
    void everyPairOfSmallRangesAgainstBits() {
        for (long as = 0; as <= U; as++) {
            for (long ae = as; ae <= U; ae++) {
                for (long bs = 0; bs <= U; bs++) {
                    for (long be = bs; be <= U; be++) {
                        checkPair(as, ae, bs, be);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomPairsShiftedNearTheTop(long seed) {
        // The same brute-force check on ranges translated to just below MAX_LFS_FILESIZE: the
        // algebra is translation invariant, so only overflow could make a difference.
        Random random = new Random(seed);
        long base = MAX - U;
        for (int round = 0; round < 200; round++) {
            ByteRange a = Reference.randomRange(random, U);
            ByteRange b = Reference.randomRange(random, U);
            long as = a.startByte();
            long ae = a.endByte();
            long bs = b.startByte();
            long be = b.endByte();
            assertEquals(ByteRanges.overlaps(as, ae, bs, be), ByteRanges.overlaps(base + as, base + ae, base + bs, base + be));
            assertEquals(ByteRanges.adjacent(as, ae, bs, be), ByteRanges.adjacent(base + as, base + ae, base + bs, base + be));
            assertEquals(ByteRanges.containsRange(as, ae, bs, be),
                    ByteRanges.containsRange(base + as, base + ae, base + bs, base + be));
            assertEquals(ByteRanges.intersectionEnd(as, ae, bs, be) + base,
                    ByteRanges.intersectionEnd(base + as, base + ae, base + bs, base + be));
            long[] os = new long[2];
            long[] oe = new long[2];
            int n = ByteRanges.difference(base + as, base + ae, base + bs, base + be, os, oe);
            long[] ps = new long[2];
            long[] pe = new long[2];
            assertEquals(ByteRanges.difference(as, ae, bs, be, ps, pe), n);
            for (int i = 0; i < n; i++) {
                assertEquals(Reference.at(ps, i) + base, Reference.at(os, i));
                assertEquals(Reference.at(pe, i) + base, Reference.at(oe, i));
            }
        }
    }

    private static void checkPair(long as, long ae, long bs, long be) {
        String what = "[" + as + ", " + ae + ") vs [" + bs + ", " + be + ")";
        boolean[] a = Reference.bits(new ByteRange(as, ae), U);
        boolean[] b = Reference.bits(new ByteRange(bs, be), U);
        boolean shared = Reference.anySet(Reference.and(a, b), new ByteRange(0, U));
        boolean bInA = !Reference.anySet(Reference.andNot(b, a), new ByteRange(0, U));
        assertEquals(ae - as, ByteRanges.length(as, ae), what);
        assertEquals(shared, ByteRanges.overlaps(as, ae, bs, be), what);
        assertEquals(bInA, ByteRanges.containsRange(as, ae, bs, be), what);
        boolean touching = as < ae && bs < be && !shared && Reference.ranges(Reference.or(a, b)).size() == 1;
        assertEquals(touching, ByteRanges.adjacent(as, ae, bs, be), what);
        long is = ByteRanges.intersectionStart(as, ae, bs, be);
        long ie = ByteRanges.intersectionEnd(as, ae, bs, be);
        assertTrue(ByteRanges.isValid(is, ie), what);
        assertEquals(Math.max(as, bs), is, what);
        assertArrayEquals(Reference.and(a, b), Reference.bits(new ByteRange(is, ie), U), what);
        long[] os = new long[] {-7, -7, -7};
        long[] oe = new long[] {-7, -7};
        int n = ByteRanges.difference(as, ae, bs, be, os, oe);
        Reference.Lists expected = Reference.ranges(Reference.andNot(a, b));
        assertArrayEquals(expected.starts, Reference.prefix(os, n), what);
        assertArrayEquals(expected.ends, Reference.prefix(oe, n), what);
        for (int p = 0; p <= U; p++) {
            assertEquals(Reference.bit(a, p), ByteRanges.contains(as, ae, p), what + " @" + p);
        }
    }

    @Test
    void boundariesAtLongMaxValue() {
        assertEquals(MAX, ByteRanges.length(0, MAX));
        assertTrue(ByteRanges.contains(0, MAX, MAX - 1));
        assertFalse(ByteRanges.contains(0, MAX, MAX));
        assertTrue(ByteRanges.overlaps(MAX - 1, MAX, 0, MAX));
        assertFalse(ByteRanges.overlaps(MAX, MAX, 0, MAX));
        assertTrue(ByteRanges.adjacent(0, MAX - 1, MAX - 1, MAX));
        assertTrue(ByteRanges.containsRange(0, MAX, MAX - 1, MAX));
        assertEquals(MAX, ByteRanges.intersectionEnd(5, MAX, 7, MAX));
        long[] os = new long[2];
        long[] oe = new long[2];
        assertEquals(2, ByteRanges.difference(0, MAX, 10, MAX - 1, os, oe));
        assertArrayEquals(new long[] {0, MAX - 1}, os);
        assertArrayEquals(new long[] {10, MAX}, oe);
        assertEquals(1, ByteRanges.difference(0, MAX, 0, MAX - 1, os, oe));
        assertEquals(MAX - 1, os[0]);
        assertEquals(MAX, oe[0]);
        assertEquals(0, ByteRanges.difference(MAX - 1, MAX, 0, MAX, os, oe));
    }

    @Test
    void emptyRangesFollowSetSemantics() {
        assertTrue(ByteRanges.containsRange(0, 3, 5, 5), "empty inside anything");
        assertFalse(ByteRanges.overlaps(3, 3, 0, 5), "empty overlaps nothing");
        assertFalse(ByteRanges.overlaps(0, 5, 3, 3));
        assertFalse(ByteRanges.adjacent(5, 5, 5, 7), "empty touches nothing");
        assertFalse(ByteRanges.adjacent(5, 7, 7, 7));
        assertTrue(ByteRanges.adjacent(5, 7, 7, 8));
        assertTrue(ByteRanges.adjacent(7, 8, 5, 7));
        assertEquals(0, ByteRanges.length(4, 4));
        long[] os = new long[2];
        long[] oe = new long[2];
        assertEquals(1, ByteRanges.difference(2, 8, 4, 4, os, oe), "minus an empty range: unchanged");
        assertEquals(2, os[0]);
        assertEquals(8, oe[0]);
        assertEquals(0, ByteRanges.difference(4, 4, 0, 9, os, oe));
        assertEquals(0, ByteRanges.difference(4, 4, 6, 9, os, oe));
        assertEquals(5, ByteRanges.intersectionStart(0, 2, 5, 7));
        assertEquals(5, ByteRanges.intersectionEnd(0, 2, 5, 7), "disjoint: empty, not inverted");
    }

    @Test
    void invalidRangesAreRejectedByEveryOperation() {
        long[] os = new long[2];
        long[] oe = new long[2];
        assertMessage("startByte must be >= 0, got -1", () -> ByteRanges.length(-1, 2));
        assertMessage("endByte must be >= startByte (3), got 2", () -> ByteRanges.length(3, 2));
        assertMessage("endByte must be >= startByte (3), got 2", () -> ByteRanges.contains(3, 2, 0));
        assertMessage("pos must be >= 0, got -1", () -> ByteRanges.contains(0, 2, -1));
        assertMessage("outerStart must be >= 0, got -1", () -> ByteRanges.containsRange(-1, 2, 0, 1));
        assertMessage("innerEnd must be >= innerStart (1), got 0", () -> ByteRanges.containsRange(0, 2, 1, 0));
        assertMessage("aEnd must be >= aStart (1), got 0", () -> ByteRanges.overlaps(1, 0, 0, 1));
        assertMessage("bStart must be >= 0, got -2", () -> ByteRanges.overlaps(0, 1, -2, 1));
        assertMessage("aStart must be >= 0, got -1", () -> ByteRanges.adjacent(-1, 0, 0, 1));
        assertMessage("bEnd must be >= bStart (1), got 0", () -> ByteRanges.adjacent(0, 1, 1, 0));
        assertMessage("aEnd must be >= aStart (1), got 0", () -> ByteRanges.intersectionStart(1, 0, 0, 1));
        assertMessage("bEnd must be >= bStart (1), got 0", () -> ByteRanges.intersectionStart(0, 1, 1, 0));
        assertMessage("bEnd must be >= bStart (1), got 0", () -> ByteRanges.intersectionEnd(0, 1, 1, 0));
        assertMessage("aEnd must be >= aStart (1), got 0", () -> ByteRanges.difference(1, 0, 0, 1, os, oe));
        assertMessage("bStart must be >= 0, got -1", () -> ByteRanges.difference(0, 1, -1, 1, os, oe));
    }

    @Test
    void differenceOutputArraysAreChecked() {
        assertMessage("output arrays (lengths 1, 2) are below the 2 entries the result may need",
                () -> ByteRanges.difference(0, 1, 0, 1, new long[1], new long[2]));
        assertMessage("output arrays (lengths 2, 1) are below the 2 entries the result may need",
                () -> ByteRanges.difference(0, 1, 0, 1, new long[2], new long[1]));
        long[] same = new long[2];
        assertMessage("outStarts and outEnds must be different arrays",
                () -> ByteRanges.difference(0, 9, 3, 4, same, same));
        long[] os = new long[3];
        long[] oe = new long[4];
        assertEquals(2, ByteRanges.difference(0, 9, 3, 4, os, oe), "longer, unequal outputs are fine");
        assertArrayEquals(new long[] {0, 4, 0}, os);
        assertArrayEquals(new long[] {3, 9, 0, 0}, oe);
    }

    static void assertMessage(String message, org.junit.jupiter.api.function.Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertEquals(message, e.getMessage());
    }
}
