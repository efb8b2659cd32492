package dev.punchspec.extent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link XfsIndlen}: the worst-case reservation and the split, against their contracts and by example. */
class XfsIndlenTest {

    private static final XfsIndlen TINY = new XfsIndlen(2, 2, 3);

    @Test
    void worstIndlenByHandForTheFourKilobyteGeometry() {
        // One record needs one leaf; the four levels above it one block each.
        assertEquals(5, XfsIndlen.XFS_4K.worstIndlen(1));
        assertEquals(5, XfsIndlen.XFS_4K.worstIndlen(251));
        // 252 records need two leaves, then one block per remaining level.
        assertEquals(2 + 1 + 3, XfsIndlen.XFS_4K.worstIndlen(252));
        // 1000 records: 4 leaves, 1 node, 3 more levels.
        assertEquals(8, XfsIndlen.XFS_4K.worstIndlen(1000));
    }

    @Test
    void worstIndlenByHandForATinyGeometry() {
        assertEquals(3, TINY.worstIndlen(1));
        assertEquals(3, TINY.worstIndlen(2));
        assertEquals(4, TINY.worstIndlen(3));
        assertEquals(4, TINY.worstIndlen(4));
        assertEquals(7, TINY.worstIndlen(8));
        // 16 blocks: 8 + 4 + 2 leaves and nodes, and the height is used up before one block is reached.
        assertEquals(14, TINY.worstIndlen(16));
        assertEquals(2 + 1, new XfsIndlen(2, 3, 2).worstIndlen(4));
        assertEquals(2 + 1, new XfsIndlen(3, 2, 2).worstIndlen(4));
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** The definition, computed level by level with exact ceilings. */
    private static long worstReference(int leaf, int node, int levels, long len) {
        long rval = 0;
        long blocks = len;
        for (int level = 0; level < levels; level++) {
            long per = level == 0 ? leaf : node;
            blocks = blocks / per + (blocks % per == 0 ? 0 : 1);
            rval += blocks;
            if (blocks == 1) {
                return rval + (levels - level - 1);
            }
        }
        return rval;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void worstIndlenMatchesTheDefinitionAndItsContract(long seed) {
        Random random = new Random(seed);
        for (int c = 0; c < 200; c++) {
            int leaf = 2 + random.nextInt(300);
            int node = 2 + random.nextInt(300);
            int levels = 1 + random.nextInt(XfsIndlen.MAX_LEVELS);
            long len = random.nextBoolean() ? 1 + random.nextInt(5000)
                    : 1 + (random.nextLong() & (IndlenPolicy.MAX_FSB - 1));
            long worst = new XfsIndlen(leaf, node, levels).worstIndlen(len);
            assertEquals(worstReference(leaf, node, levels, len), worst, "leaf " + leaf + " node " + node
                    + " levels " + levels + " len " + len);
            assertTrue(worst >= 1 && worst <= len + 64, "contract bound for len " + len + ": " + worst);
        }
        // A one-level tree: one block, nothing above it.
        assertEquals(1, new XfsIndlen(2, 2, 1).worstIndlen(1));
    }

    @Test
    void worstIndlenAtTheContractBoundsOfTheLength() {
        assertEquals(3, TINY.worstIndlen(1));
        long atMax = XfsIndlen.XFS_4K.worstIndlen(IndlenPolicy.MAX_FSB);
        assertTrue(atMax > IndlenPolicy.MAX_FSB / 251 && atMax <= IndlenPolicy.MAX_FSB + 64);
        assertThrows(IllegalArgumentException.class, () -> TINY.worstIndlen(0));
        assertThrows(IllegalArgumentException.class, () -> TINY.worstIndlen(IndlenPolicy.MAX_FSB + 1));
    }

    @Test
    void splitIndlenByHand() {
        long[] a = {5};
        long[] b = {5};
        // 30% of each request, rounded down, is 1; the remaining block goes to the first piece.
        XfsIndlen.XFS_4K.splitIndlen(3, a, 0, b, 0);
        assertEquals(2, a[0]);
        assertEquals(1, b[0]);

        long[] pair = {3, 3};
        // 16% of 3 is 0 each: the second piece gets the single block first.
        XfsIndlen.XFS_4K.splitIndlen(1, pair, 0, pair, 1);
        assertArrayEquals(new long[] {0, 1}, pair);

        long[] c = {4, 2};
        // 83% gives 3 and 1; the last block goes to the first piece.
        XfsIndlen.XFS_4K.splitIndlen(5, c, 0, c, 1);
        assertArrayEquals(new long[] {4, 1}, c);

        long[] d = {0, 7};
        XfsIndlen.XFS_4K.splitIndlen(4, d, 0, d, 1);
        assertArrayEquals(new long[] {0, 4}, d);

        long[] e = {6, 1};
        // 57%: 3 and 0; the second piece gets one block first, then the first piece the rest.
        XfsIndlen.XFS_4K.splitIndlen(4, e, 0, e, 1);
        assertArrayEquals(new long[] {3, 1}, e);

        long[] f = {1, 4};
        // 40%: 0 and 1; then the blocks alternate starting with the first piece: 1 and 1.
        XfsIndlen.XFS_4K.splitIndlen(2, f, 0, f, 1);
        assertArrayEquals(new long[] {1, 1}, f);
        long[] g = {2, 7};
        // 44%: 0 and 3; the last block goes to the first piece.
        XfsIndlen.XFS_4K.splitIndlen(4, g, 0, g, 1);
        assertArrayEquals(new long[] {1, 3}, g);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void splitIndlenSharesExactlyTheReservationWithinTheRequests(long seed) {
        Random random = new Random(seed);
        for (int c = 0; c < 300; c++) {
            long want1 = random.nextInt(random.nextBoolean() ? 10 : 100_000);
            long want2 = random.nextInt(random.nextBoolean() ? 10 : 100_000);
            if (want1 + want2 == 0) {
                want2 = 1;
            }
            long ores = (long) (random.nextDouble() * (want1 + want2));
            long[] pair = {want1, want2};
            XfsIndlen.XFS_4K.splitIndlen(ores, pair, 0, pair, 1);
            String what = "ores " + ores + " requests " + want1 + ", " + want2 + " -> " + pair[0] + ", " + pair[1];
            assertEquals(ores, pair[0] + pair[1], what);
            assertTrue(0 <= pair[0] && pair[0] <= want1, what);
            assertTrue(0 <= pair[1] && pair[1] <= want2, what);
            // Fair scaling: each share is at least the percentage of its request the reservation covers.
            long resfactor = ores * 100 / (want1 + want2);
            assertTrue(pair[0] >= want1 * resfactor / 100 && pair[1] >= want2 * resfactor / 100, what);
        }
    }

    @Test
    void splitIndlenRejectsArgumentsOutsideItsContract() {
        long[] pair = {3, 3};
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(6, pair, 0, pair, 1));
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(-1, pair, 0, pair, 1));
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(1, pair, 0, pair, 0));
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(1, pair, -1, pair, 1));
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(1, pair, 2, pair, 1));
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(1, pair, 0, pair, -1));
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(1, pair, 0, pair, 2));
        long[] negative = {-1, 3};
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(1, negative, 0, negative, 1));
        long[] negativeSecond = {3, -1};
        assertThrows(IllegalArgumentException.class,
                () -> XfsIndlen.XFS_4K.splitIndlen(1, negativeSecond, 0, negativeSecond, 1));
        long[] huge = {2 * IndlenPolicy.MAX_FSB + 1, 1};
        assertThrows(IllegalArgumentException.class, () -> XfsIndlen.XFS_4K.splitIndlen(1, huge, 0, huge, 1));
        long[] hugeSecond = {1, 2 * IndlenPolicy.MAX_FSB + 1};
        assertThrows(IllegalArgumentException.class,
                () -> XfsIndlen.XFS_4K.splitIndlen(1, hugeSecond, 0, hugeSecond, 1));
        long[] max = {2 * IndlenPolicy.MAX_FSB, 2 * IndlenPolicy.MAX_FSB};
        XfsIndlen.XFS_4K.splitIndlen(2 * IndlenPolicy.MAX_FSB, max, 0, max, 1);
        assertArrayEquals(new long[] {IndlenPolicy.MAX_FSB, IndlenPolicy.MAX_FSB}, max);
        assertArrayEquals(new long[] {3, 3}, pair, "rejected calls leave the requests alone");
    }

    @Test
    void splitIndlenWhenTheScaledProductPassesTheSignBit() {
        // 100 * 10^17 lies between 2^63 and 2^64: as a long it would be negative.
        long[] pair = {100_000_000_000_000_000L, 100_000_000_000_000_000L};
        XfsIndlen.XFS_4K.splitIndlen(100_000_000_000_000_000L, pair, 0, pair, 1);
        assertArrayEquals(new long[] {50_000_000_000_000_000L, 50_000_000_000_000_000L}, pair);
        long[] small = {3, 3};
        assertEquals("reservedFsb must be 0..(indlen1 + indlen2 - 1) = 0..5, was 6",
                Rejections.rejected(() -> XfsIndlen.XFS_4K.splitIndlen(6, small, 0, small, 1)));
    }

    @Test
    void splitIndlenOfHugeReservationsScalesExactly() {
        // 100 * 2^59 overflows a long; the shares are still exact quarters.
        long quarter = IndlenPolicy.MAX_FSB / 4;
        long[] pair = {IndlenPolicy.MAX_FSB, IndlenPolicy.MAX_FSB};
        XfsIndlen.XFS_4K.splitIndlen(IndlenPolicy.MAX_FSB / 2, pair, 0, pair, 1);
        assertArrayEquals(new long[] {quarter, quarter}, pair);
        // Below the overflow the plain product is used: 99% of (10^16, 10^16), nothing left over.
        long[] big = {10_000_000_000_000_000L, 10_000_000_000_000_000L};
        XfsIndlen.XFS_4K.splitIndlen(19_800_000_000_000_000L, big, 0, big, 1);
        assertArrayEquals(new long[] {9_900_000_000_000_000L, 9_900_000_000_000_000L}, big);
    }

    @Test
    void geometryIsValidatedAndPartOfTheValue() {
        IllegalArgumentException leaf = assertThrows(IllegalArgumentException.class, () -> new XfsIndlen(1, 2, 3));
        assertTrue(String.valueOf(leaf.getMessage()).contains("leafMaxRecs") && String.valueOf(leaf.getMessage()).contains("1"));
        assertThrows(IllegalArgumentException.class, () -> new XfsIndlen(2, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> new XfsIndlen(2, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new XfsIndlen(2, 2, XfsIndlen.MAX_LEVELS + 1));
        new XfsIndlen(2, 2, XfsIndlen.MAX_LEVELS);
        assertEquals(new XfsIndlen(251, 251, 5), XfsIndlen.XFS_4K);
        assertEquals(new XfsIndlen(251, 251, 5).hashCode(), XfsIndlen.XFS_4K.hashCode());
        assertNotEquals(new XfsIndlen(250, 251, 5), XfsIndlen.XFS_4K);
        assertNotEquals(new XfsIndlen(251, 250, 5), XfsIndlen.XFS_4K);
        assertNotEquals(new XfsIndlen(251, 251, 4), XfsIndlen.XFS_4K);
        assertNotEquals(XfsIndlen.XFS_4K, "indlen");
        assertEquals(251, XfsIndlen.XFS_4K.leafMaxRecs());
        assertEquals(251, XfsIndlen.XFS_4K.nodeMaxRecs());
        assertEquals(5, XfsIndlen.XFS_4K.maxLevels());
        assertEquals("indlen{leaf=2, node=2, levels=3}", TINY.toString());
        assertNotEquals(TINY.hashCode(), new XfsIndlen(2, 3, 2).hashCode());
    }
}
