package dev.punchspec.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link XfsParams}: the XFS byte/block conversions, bounds and validation. */
class XfsParamsTest {

    private static final Geometry FOUR_K = new Geometry(4096, 4096, 0);
    private static final Geometry TINY = new Geometry(8, 4, 2);

    @Test
    void defaultsAreXfsDefaults() {
        XfsParams p = XfsParams.of(FOUR_K, 100);
        assertEquals(12, p.blockLog());
        assertEquals(4096, p.blockSize());
        assertEquals(12, p.pageShift());
        assertEquals(100, p.capacityBlocks());
        assertEquals((1L << 21) - 1, p.maxExtentBlocks());
        assertEquals(XfsParams.XFS_MAX_BMBT_EXTLEN, p.maxExtentBlocks());
        assertSame(XfsIndlen.XFS_4K, p.indlen());
        assertEquals(0, p.allocsizeLog());
        assertEquals(0, p.allocsizeBlocks());
        assertSame(FOUR_K, p.geometry());
    }

    @Test
    void byteToBlockConversionsRoundAsXfsDoes() {
        XfsParams p = XfsParams.of(TINY, 10);
        assertEquals(0, p.toFsbt(0));
        assertEquals(0, p.toFsbt(3));
        assertEquals(1, p.toFsbt(4));
        assertEquals(0, p.toFsb(0));
        assertEquals(1, p.toFsb(1));
        assertEquals(1, p.toFsb(4));
        assertEquals(2, p.toFsb(5));
        assertEquals(0, p.toBytes(0));
        assertEquals(12, p.toBytes(3));
        // XFS_B_TO_FSB(LLONG_MAX) in unsigned arithmetic: no overflow.
        assertEquals((Long.MAX_VALUE >>> 2) + 1, p.toFsb(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE >>> 2, p.toFsbt(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE >> 2 << 2, p.toBytes(Long.MAX_VALUE >> 2));
        assertThrows(IllegalArgumentException.class, () -> p.toBytes((Long.MAX_VALUE >> 2) + 1));
        assertThrows(IllegalArgumentException.class, () -> p.toBytes(-1));
        assertEquals("fsb must be 0.." + (Long.MAX_VALUE >> 2) + ", was " + ((Long.MAX_VALUE >> 2) + 1),
                Rejections.rejected(() -> p.toBytes((Long.MAX_VALUE >> 2) + 1)));
        assertThrows(IllegalArgumentException.class, () -> p.toFsb(-1));
        assertTrue(Rejections.rejected(() -> p.toFsbt(-1))
                .contains("b must be >= 0, was -1"));
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void conversionsMatchDivision(long seed) {
        Random random = new Random(seed);
        for (int c = 0; c < 100; c++) {
            int log = random.nextInt(13);
            XfsParams p = XfsParams.of(new Geometry(1L << log, 1L << log, 0), 1);
            long b = random.nextBoolean() ? random.nextInt(100_000) : random.nextLong() & Long.MAX_VALUE >>> 1;
            long size = 1L << log;
            assertEquals(b / size, p.toFsbt(b));
            assertEquals(b / size + (b % size == 0 ? 0 : 1), p.toFsb(b));
            assertEquals(b / size * size, p.toBytes(p.toFsbt(b)));
        }
    }

    @Test
    void theLargestFileStaysBelowTheBlockBound() {
        assertEquals(IndlenPolicy.MAX_FSB, XfsParams.of(new Geometry(1, 1, 0), 1).maxFileBytes());
        assertEquals(IndlenPolicy.MAX_FSB << 1, XfsParams.of(new Geometry(2, 2, 0), 1).maxFileBytes());
        assertEquals(IndlenPolicy.MAX_FSB << 2, XfsParams.of(TINY, 1).maxFileBytes());
        assertEquals(Long.MAX_VALUE, XfsParams.of(new Geometry(8, 8, 0), 1).maxFileBytes());
        assertEquals(Long.MAX_VALUE, XfsParams.of(FOUR_K, 1).maxFileBytes());
    }

    @Test
    void allocsizeIsCheckedAndGivesItsBlocks() {
        XfsParams p = XfsParams.of(TINY, 10).withAllocsizeLog(4);
        assertEquals(4, p.allocsizeLog());
        assertEquals(4, p.allocsizeBlocks());
        assertEquals(1, XfsParams.of(TINY, 10).withAllocsizeLog(2).allocsizeBlocks());
        assertThrows(IllegalArgumentException.class, () -> XfsParams.of(TINY, 10).withAllocsizeLog(1));
        assertThrows(IllegalArgumentException.class, () -> XfsParams.of(TINY, 10).withAllocsizeLog(31));
        assertEquals(30, XfsParams.of(TINY, 10).withAllocsizeLog(30).allocsizeLog());
    }

    @Test
    void parametersAreValidatedNamingTheParameter() {
        assertTrue(Rejections.rejected(() -> XfsParams.of(TINY, 0))
                .startsWith("capacityBlocks must be 1.."));
        assertThrows(IllegalArgumentException.class, () -> XfsParams.of(TINY, IndlenPolicy.MAX_FSB + 1));
        assertEquals(IndlenPolicy.MAX_FSB, XfsParams.of(TINY, IndlenPolicy.MAX_FSB).capacityBlocks());
        assertTrue(Rejections.rejected(() -> XfsParams.of(TINY, 1).withMaxExtentBlocks(0)).startsWith("maxExtentBlocks must be 1.."));
        assertThrows(IllegalArgumentException.class,
                () -> XfsParams.of(TINY, 1).withMaxExtentBlocks(XfsParams.XFS_MAX_BMBT_EXTLEN + 1));
        assertEquals(1, XfsParams.of(TINY, 1).withMaxExtentBlocks(1).maxExtentBlocks());
        Geometry huge = new Geometry(1L << 32, 1L << 31, 0);
        assertTrue(Rejections.rejected(() -> XfsParams.of(huge, 1))
                .startsWith("geometry.blockSize() must be at most 2^30"));
        assertEquals(30, XfsParams.of(new Geometry(1L << 30, 1L << 30, 0), 1).blockLog());
    }

    @Test
    void parametersAreValues() {
        XfsParams p = XfsParams.of(TINY, 10);
        assertEquals(p, XfsParams.of(TINY, 10));
        assertEquals(p.hashCode(), XfsParams.of(TINY, 10).hashCode());
        XfsParams[] others = {XfsParams.of(FOUR_K, 10), XfsParams.of(TINY, 11), p.withMaxExtentBlocks(5),
            p.withIndlen(new XfsIndlen(2, 2, 3)), p.withAllocsizeLog(3)};
        for (XfsParams other : others) {
            assertNotEquals(p, other);
            assertNotEquals(p.hashCode(), other.hashCode());
        }
        assertNotEquals(p, "params");
        assertEquals("xfs{Geometry[pageSize=8, blockSize=4, maxFolioOrder=2], capacity=10, maxExtent=2097151,"
                + " indlen{leaf=251, node=251, levels=5}, allocsize=off}", p.toString());
        assertTrue(p.withAllocsizeLog(4).toString().endsWith("allocsize=16B}"));
    }
}
