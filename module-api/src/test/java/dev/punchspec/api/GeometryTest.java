package dev.punchspec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeometryTest {

    @Test
    void linuxFourKilobytePagesWithOneKilobyteBlocks() {
        Geometry g = new Geometry(4096, 1024, 9);
        assertEquals(4096, g.pageSize());
        assertEquals(12, g.pageShift());
        assertEquals(1024, g.blockSize());
        assertEquals(1024, g.iBlocksize());
        assertEquals(10, g.blockBits());
        assertEquals(9, g.maxFolioOrder());
        assertEquals(4, g.blocksPerPage());
        assertEquals(4096, g.folioSize(0));
        assertEquals(2 * 1024 * 1024, g.folioSize(9));
        assertEquals(21, g.folioShift(9));
        assertEquals(12, g.folioShift(0));
        assertEquals(4, g.blocksPerFolio(0));
        assertEquals(2048, g.blocksPerFolio(9));
        assertEquals(16, g.blocksPerFolio(2));
    }

    @Test
    void derivedValuesForEverySmallGeometry() {
        for (int ps = 0; ps <= 12; ps++) {
            for (int bs = 0; bs <= ps; bs++) {
                for (int order = 0; order <= 4; order++) {
                    Geometry g = new Geometry(1L << ps, 1L << bs, order);
                    assertEquals(ps, g.pageShift());
                    assertEquals(bs, g.blockBits());
                    assertEquals(1L << (ps - bs), g.blocksPerPage());
                    for (int k = 0; k <= order; k++) {
                        assertEquals(1L << (ps + k), g.folioSize(k));
                        assertEquals(ps + k, g.folioShift(k));
                        assertEquals(1L << (ps + k - bs), g.blocksPerFolio(k));
                    }
                }
            }
        }
    }

    @Test
    void theSmallestGeometryIsOneBytePagesAndBlocks() {
        assertEquals(1, Geometry.MIN_SIZE);
        Geometry g = new Geometry(1, 1, 0);
        assertEquals(0, g.pageShift());
        assertEquals(0, g.blockBits());
        assertEquals(1, g.blocksPerPage());
        assertEquals(1, g.folioSize(0));
        // An explorer geometry: 4-byte pages, 2-byte blocks, folios of up to 4 pages.
        Geometry tiny = new Geometry(4, 2, 2);
        assertEquals(16, tiny.folioSize(2));
        assertEquals(8, tiny.blocksPerFolio(2));
    }

    @Test
    void folioSizeStaysWithinTwoToTheThirtyTwo() {
        assertEquals(32, Geometry.MAX_FOLIO_SHIFT);
        Geometry largest = new Geometry(4096, 4096, 20);
        assertEquals(1L << 32, largest.folioSize(20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Geometry(4096, 4096, 21));
        assertEquals("maxFolioOrder must be in [0, 20] so that a folio of pageSize 4096 stays within 2^32 bytes,"
                + " got 21", e.getMessage());
        assertEquals(1L << 32, new Geometry(1L << 32, 512, 0).pageSize());
        e = assertThrows(IllegalArgumentException.class, () -> new Geometry(1L << 33, 512, 0));
        assertEquals("pageSize must be a power of two in [1, 2^32], got 8589934592", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Geometry(1L << 62, 512, 0));
    }

    @Test
    void negativeOrderIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Geometry(4096, 512, -1));
        assertEquals("maxFolioOrder must be in [0, 20] so that a folio of pageSize 4096 stays within 2^32 bytes,"
                + " got -1", e.getMessage());
    }

    @Test
    void sizesMustBePowersOfTwo() {
        for (long bad : new long[] {0, -4096, 3, 4095, 6144, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Geometry(bad, 1, 0));
            assertEquals("pageSize must be a power of two in [1, 2^32], got " + bad, e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new Geometry(4096, bad, 0));
            assertEquals("blockSize must be a power of two >= 1, got " + bad, e.getMessage());
        }
    }

    @Test
    void blocksLargerThanAPageAreRejectedBecauseLargeBlockSizeIsNotModelled() {
        // v6.12's large-block-size support needs a minimum folio order per mapping so that a
        // folio never holds part of a block; the model has no minimum folio order.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Geometry(4096, 8192, 1));
        assertEquals("blockSize (8192) must not exceed pageSize (4096): blocks larger than a page need the"
                + " kernel's large-block-size support (v6.12, a minimum folio order per mapping), which this"
                + " model does not include", e.getMessage());
        assertEquals(4096, new Geometry(4096, 4096, 0).blocksPerPage() * 4096);
    }

    @Test
    void ordersOutsideTheInstanceAreRejected() {
        Geometry g = new Geometry(4096, 512, 2);
        for (int bad : new int[] {-1, 3, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.folioSize(bad));
            assertEquals("order must be in [0, maxFolioOrder=2], got " + bad, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> g.blocksPerFolio(bad));
            assertThrows(IllegalArgumentException.class, () -> g.folioShift(bad));
        }
        assertEquals(16384, g.folioSize(2));
    }

    @Test
    void valueSemantics() {
        Geometry a = new Geometry(4096, 1024, 2);
        assertEquals(a, new Geometry(4096, 1024, 2));
        assertEquals(a.hashCode(), new Geometry(4096, 1024, 2).hashCode());
        assertNotEquals(a, new Geometry(8192, 1024, 2));
        assertNotEquals(a, new Geometry(4096, 2048, 2));
        assertNotEquals(a, new Geometry(4096, 1024, 3));
        assertNotEquals(a, (Object) "Geometry[pageSize=4096, blockSize=1024, maxFolioOrder=2]");
        assertEquals("Geometry[pageSize=4096, blockSize=1024, maxFolioOrder=2]", a.toString());
        Set<Integer> hashes = new HashSet<>();
        for (int ps = 0; ps <= 12; ps++) {
            for (int bs = 0; bs <= ps; bs++) {
                hashes.add(new Geometry(1L << ps, 1L << bs, 0).hashCode());
            }
        }
        assertTrue(hashes.size() > 80, "distinct geometries hash apart: " + hashes.size());
    }
}
