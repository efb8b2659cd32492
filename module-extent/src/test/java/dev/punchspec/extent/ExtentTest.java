package dev.punchspec.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.mapping.Iomap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Extent}, {@link ExtentState}, {@link ContractViolation} and {@link XfsError}: values and validation. */
class ExtentTest {

    @Test
    void factoriesSetTheFieldsOfTheirKind() {
        Extent d = Extent.delalloc(2, 3, 4);
        assertEquals(2, d.fileOffFsb());
        assertEquals(3, d.lengthFsb());
        assertEquals(5, d.endFsb());
        assertEquals(ExtentState.DELALLOC, d.state());
        assertEquals(4, d.indlenFsb());
        assertTrue(d.isDelalloc());
        assertFalse(d.isReal());
        assertThrows(IllegalStateException.class, d::diskFsb);
        Extent r = Extent.real(2, 3, 7, ExtentState.UNWRITTEN);
        assertEquals(7, r.diskFsb());
        assertTrue(r.isReal());
        assertFalse(r.isDelalloc());
        assertThrows(IllegalStateException.class, r::indlenFsb);
        Extent h = Extent.hole(1, 1);
        assertEquals(ExtentState.HOLE, h.state());
        assertFalse(h.isReal());
        assertFalse(h.isDelalloc());
        assertThrows(IllegalStateException.class, h::diskFsb);
        assertThrows(IllegalStateException.class, h::indlenFsb);
        assertTrue(Extent.real(0, 1, 0, ExtentState.WRITTEN).isReal());
    }

    @Test
    void containsIsHalfOpen() {
        Extent e = Extent.delalloc(2, 3, 1);
        assertFalse(e.contains(1));
        assertTrue(e.contains(2));
        assertTrue(e.contains(4));
        assertFalse(e.contains(5));
    }

    @Test
    void trimKeepsTheStateAndMovesTheDiskBlock() {
        assertEquals(Extent.real(4, 2, 9, ExtentState.WRITTEN), Extent.real(2, 5, 7, ExtentState.WRITTEN).trim(4, 6));
        assertEquals(Extent.real(2, 5, 7, ExtentState.WRITTEN), Extent.real(2, 5, 7, ExtentState.WRITTEN).trim(0, 10));
        assertEquals(Extent.delalloc(3, 1, 6), Extent.delalloc(2, 3, 6).trim(3, 4));
        assertEquals(Extent.hole(3, 1), Extent.hole(2, 3).trim(3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Extent.delalloc(2, 3, 6).trim(5, 9));
        assertTrue(String.valueOf(e.getMessage()).contains("[5, 9)"));
        assertThrows(IllegalArgumentException.class, () -> Extent.delalloc(2, 3, 6).trim(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Extent.delalloc(2, 3, 6).trim(3, 3));
    }

    @Test
    void badNumbersAreRejectedNamingTheField() {
        assertTrue(Rejections.rejected(() -> Extent.hole(-1, 1))
                .startsWith("fileOffFsb must be >= 0, was -1"));
        assertTrue(Rejections.rejected(() -> Extent.hole(0, 0))
                .startsWith("lengthFsb must be >= 1, was 0"));
        assertTrue(Rejections.rejected(() -> Extent.hole(IndlenPolicy.MAX_FSB, 1)).startsWith("fileOffFsb + lengthFsb must be <= "));
        assertEquals(IndlenPolicy.MAX_FSB, Extent.hole(IndlenPolicy.MAX_FSB - 1, 1).endFsb());
        assertTrue(Rejections.rejected(() -> Extent.delalloc(0, 1, -1))
                .startsWith("indlenFsb must be 0.."));
        assertThrows(IllegalArgumentException.class, () -> Extent.delalloc(0, 1, IndlenPolicy.MAX_FSB + 1));
        assertEquals(IndlenPolicy.MAX_FSB, Extent.delalloc(0, 1, IndlenPolicy.MAX_FSB).indlenFsb());
        assertEquals(0, Extent.delalloc(0, 1, 0).indlenFsb());
        assertTrue(Rejections.rejected(() -> Extent.real(0, 1, 0, ExtentState.DELALLOC)).startsWith("state must be UNWRITTEN or WRITTEN"));
        assertThrows(IllegalArgumentException.class, () -> Extent.real(0, 1, 0, ExtentState.HOLE));
        assertTrue(Rejections.rejected(() -> Extent.real(0, 1, -1, ExtentState.WRITTEN)).startsWith("diskFsb must be 0..MAX_FSB - lengthFsb, was -1"));
        assertThrows(IllegalArgumentException.class,
                () -> Extent.real(0, 2, IndlenPolicy.MAX_FSB - 1, ExtentState.WRITTEN));
        assertEquals(IndlenPolicy.MAX_FSB - 2, Extent.real(0, 2, IndlenPolicy.MAX_FSB - 2, ExtentState.WRITTEN).diskFsb());
    }

    @Test
    void extentsAreValuesOfEveryField() {
        List<Extent> distinct = List.of(Extent.delalloc(0, 1, 1), Extent.delalloc(1, 1, 1), Extent.delalloc(0, 2, 1),
                Extent.delalloc(0, 1, 2), Extent.real(0, 1, 1, ExtentState.WRITTEN),
                Extent.real(0, 1, 1, ExtentState.UNWRITTEN), Extent.real(0, 1, 2, ExtentState.UNWRITTEN),
                Extent.hole(0, 1), Extent.hole(1, 1));
        Set<Integer> hashes = new HashSet<>();
        for (Extent a : distinct) {
            hashes.add(a.hashCode());
            for (Extent b : distinct) {
                assertEquals(a == b, a.equals(b), a + " vs " + b);
            }
            assertEquals(a, a.trim(a.fileOffFsb(), a.endFsb()));
            assertEquals(a.hashCode(), a.trim(a.fileOffFsb(), a.endFsb()).hashCode());
        }
        assertEquals(distinct.size(), hashes.size(), "no two of these collide");
        assertNotEquals(Extent.hole(0, 1), "hole");
        assertEquals("[4, 8) DELALLOC ind 3", Extent.delalloc(4, 4, 3).toString());
        assertEquals("[0, 2) WRITTEN @17", Extent.real(0, 2, 17, ExtentState.WRITTEN).toString());
        assertEquals("[0, 2) UNWRITTEN @17", Extent.real(0, 2, 17, ExtentState.UNWRITTEN).toString());
        assertEquals("[2, 4) HOLE", Extent.hole(2, 2).toString());
    }

    @Test
    void statesCarryTheirIomapTypes() {
        assertEquals(Iomap.IOMAP_HOLE, ExtentState.HOLE.iomapType());
        assertEquals(Iomap.IOMAP_DELALLOC, ExtentState.DELALLOC.iomapType());
        assertEquals(Iomap.IOMAP_UNWRITTEN, ExtentState.UNWRITTEN.iomapType());
        assertEquals(Iomap.IOMAP_MAPPED, ExtentState.WRITTEN.iomapType());
        assertFalse(ExtentState.HOLE.isReal());
        assertFalse(ExtentState.DELALLOC.isReal());
        assertTrue(ExtentState.UNWRITTEN.isReal());
        assertTrue(ExtentState.WRITTEN.isReal());
    }

    @Test
    void contractViolationsAreValues() {
        ContractViolation v = new ContractViolation("c", "f", Map.of("x", 1L), "m");
        assertEquals("c", v.contract());
        assertEquals("f", v.function());
        assertEquals(Map.of("x", 1L), v.fields());
        assertEquals("m", v.message());
        assertEquals(v, new ContractViolation("c", "f", Map.of("x", 1L), "m"));
        assertEquals(v.hashCode(), new ContractViolation("c", "f", Map.of("x", 1L), "m").hashCode());
        List<ContractViolation> others = List.of(new ContractViolation("d", "f", Map.of("x", 1L), "m"),
                new ContractViolation("c", "g", Map.of("x", 1L), "m"), new ContractViolation("c", "f", Map.of("x", 2L), "m"),
                new ContractViolation("c", "f", Map.of("x", 1L), "n"));
        for (ContractViolation other : others) {
            assertNotEquals(v, other);
            assertNotEquals(v.hashCode(), other.hashCode());
        }
        assertNotEquals(v, "c");
        assertEquals("CONTRACT c in f {x=1}: m", v.toString());
        assertThrows(UnsupportedOperationException.class, () -> v.fields().put("y", 2L));
    }

    @Test
    void xfsErrorsCarryTheirErrno() {
        XfsError e = new XfsError(XfsError.ENOSPC, "full");
        assertEquals(28, e.errno());
        assertEquals("full", String.valueOf(e.getMessage()));
        assertEquals(11, XfsError.EAGAIN);
    }
}
