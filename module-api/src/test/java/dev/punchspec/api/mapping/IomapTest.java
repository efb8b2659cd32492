package dev.punchspec.api.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IomapTest {

    @Test
    void kernelConstantValues() {
        // include/linux/iomap.h: a conformance vector is read against kernel traces.
        assertEquals(0, Iomap.IOMAP_HOLE);
        assertEquals(1, Iomap.IOMAP_DELALLOC);
        assertEquals(2, Iomap.IOMAP_MAPPED);
        assertEquals(3, Iomap.IOMAP_UNWRITTEN);
        assertEquals(0x1, Iomap.IOMAP_F_NEW);
        assertEquals(0x4, Iomap.IOMAP_F_SHARED);
        assertEquals(0x1, Iomap.IOMAP_WRITE);
        assertEquals(0x2, Iomap.IOMAP_ZERO);
        assertEquals(0x8, Iomap.IOMAP_FAULT);
        assertEquals(0x80, Iomap.IOMAP_UNSHARE);
        assertEquals(3, AddressSpace.SEEK_DATA);
        assertEquals(4, AddressSpace.SEEK_HOLE);
        assertEquals(6L, AddressSpace.ENXIO);
    }

    @Test
    void accessorsReturnConstructorValues() {
        Iomap m = new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW | Iomap.IOMAP_F_SHARED, 4096, 8192);
        assertEquals(Iomap.IOMAP_DELALLOC, m.type());
        assertEquals(5, m.flags());
        assertEquals(4096, m.offsetByte());
        assertEquals(8192, m.lengthByte());
        assertEquals("iomap{type=1, flags=0x5, [4096, 12288)}", m.toString());
    }

    @Test
    void hasFlagNeedsEveryBit() {
        Iomap m = new Iomap(Iomap.IOMAP_DELALLOC, Iomap.IOMAP_F_NEW, 0, 1);
        assertTrue(m.hasFlag(Iomap.IOMAP_F_NEW));
        assertFalse(m.hasFlag(Iomap.IOMAP_F_SHARED));
        assertFalse(m.hasFlag(Iomap.IOMAP_F_NEW | Iomap.IOMAP_F_SHARED));
        assertTrue(m.hasFlag(0));
    }

    @Test
    void typeBoundsAreTheModelledTypes() {
        assertEquals(Iomap.IOMAP_HOLE, new Iomap(Iomap.IOMAP_HOLE, 0, 0, 1).type());
        assertEquals(Iomap.IOMAP_UNWRITTEN, new Iomap(Iomap.IOMAP_UNWRITTEN, 0, 0, 1).type());
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> new Iomap(-1, 0, 0, 1));
        assertEquals("iomap type must be 0..3 (HOLE, DELALLOC, MAPPED, UNWRITTEN), was -1",
                low.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> new Iomap(4, 0, 0, 1));
        assertEquals("iomap type must be 0..3 (HOLE, DELALLOC, MAPPED, UNWRITTEN), was 4",
                high.getMessage());
    }

    @Test
    void rangeValidationNamesFieldAndValue() {
        assertEquals("iomap offsetByte must be >= 0, was -1", assertThrows(
                IllegalArgumentException.class, () -> new Iomap(1, 0, -1, 1)).getMessage());
        assertEquals("iomap lengthByte must be > 0, was 0", assertThrows(
                IllegalArgumentException.class, () -> new Iomap(1, 0, 0, 0)).getMessage());
        assertEquals("iomap offsetByte + lengthByte overflows: offsetByte 9223372036854775807,"
                + " lengthByte 1", assertThrows(IllegalArgumentException.class,
                        () -> new Iomap(1, 0, Long.MAX_VALUE, 1)).getMessage());
        // The largest legal mapping ends exactly at Long.MAX_VALUE.
        Iomap last = new Iomap(1, 0, Long.MAX_VALUE - 1, 1);
        assertEquals(Long.MAX_VALUE - 1, last.offsetByte());
        assertEquals(1, new Iomap(1, 0, 0, Long.MAX_VALUE).offsetByte() + 1);
    }

    @Test
    void equalityCoversEveryField() {
        Iomap m = new Iomap(1, 1, 10, 20);
        assertEquals(m, new Iomap(1, 1, 10, 20));
        assertEquals(m.hashCode(), new Iomap(1, 1, 10, 20).hashCode());
        assertNotEquals(m, new Iomap(2, 1, 10, 20));
        assertNotEquals(m, new Iomap(1, 0, 10, 20));
        assertNotEquals(m, new Iomap(1, 1, 11, 20));
        assertNotEquals(m, new Iomap(1, 1, 10, 21));
        assertNotEquals(m, (Object) "iomap");
        assertNotEquals(m.hashCode(), new Iomap(2, 1, 10, 20).hashCode());
        assertNotEquals(m.hashCode(), new Iomap(1, 2, 10, 20).hashCode());
        assertNotEquals(m.hashCode(), new Iomap(1, 1, 11, 20).hashCode());
        assertNotEquals(m.hashCode(), new Iomap(1, 1, 10, 21).hashCode());
    }
}
