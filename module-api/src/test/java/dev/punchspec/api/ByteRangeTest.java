package dev.punchspec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    private static final long MAX = ByteRanges.MAX_LFS_FILESIZE;

    @Test
    void constructorValidatesAndNamesTheField() {
        ByteRange r = new ByteRange(3, 8);
        assertEquals(3, r.startByte());
        assertEquals(8, r.endByte());
        assertEquals(5, r.length());
        assertFalse(r.isEmpty());
        assertTrue(new ByteRange(4, 4).isEmpty());
        assertEquals(MAX, new ByteRange(0, MAX).length(), "the whole file space");
        assertEquals(0, new ByteRange(MAX, MAX).length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ByteRange(-1, 4));
        assertEquals("startByte must be >= 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ByteRange(5, 4));
        assertEquals("endByte must be >= startByte (5), got 4", e.getMessage());
    }

    @Test
    void ofLengthIsTheKernelOffsetLengthForm() {
        assertEquals(new ByteRange(4096, 8192), ByteRange.ofLength(4096, 4096));
        assertEquals(new ByteRange(7, 7), ByteRange.ofLength(7, 0));
        assertEquals(new ByteRange(MAX - 5, MAX), ByteRange.ofLength(MAX - 5, 5), "largest legal length");
        assertEquals(new ByteRange(0, MAX), ByteRange.ofLength(0, MAX));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> ByteRange.ofLength(MAX - 5, 6));
        assertEquals("offset 9223372036854775802 + lengthBytes 6 exceeds MAX_LFS_FILESIZE 9223372036854775807",
                e.getMessage());
        assertThrows(ArithmeticException.class, () -> ByteRange.ofLength(1, MAX));
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> ByteRange.ofLength(-1, 1));
        assertEquals("offset must be >= 0, got -1", iae.getMessage());
        iae = assertThrows(IllegalArgumentException.class, () -> ByteRange.ofLength(1, -1));
        assertEquals("lengthBytes must be >= 0, got -1", iae.getMessage());
    }

    @Test
    void predicatesDelegateToTheCore() {
        ByteRange r = new ByteRange(2, 6);
        assertTrue(r.contains(2));
        assertTrue(r.contains(5));
        assertFalse(r.contains(6));
        assertFalse(r.contains(1));
        assertThrows(IllegalArgumentException.class, () -> r.contains(-1));
        assertTrue(r.contains(new ByteRange(2, 6)));
        assertTrue(r.contains(new ByteRange(3, 4)));
        assertTrue(r.contains(new ByteRange(9, 9)), "empty: contained");
        assertFalse(r.contains(new ByteRange(1, 3)));
        assertFalse(r.contains(new ByteRange(5, 7)));
        assertTrue(r.overlaps(new ByteRange(5, 7)));
        assertFalse(r.overlaps(new ByteRange(6, 7)));
        assertFalse(r.overlaps(new ByteRange(3, 3)));
        assertTrue(r.isAdjacentTo(new ByteRange(6, 7)));
        assertTrue(r.isAdjacentTo(new ByteRange(0, 2)));
        assertFalse(r.isAdjacentTo(new ByteRange(5, 7)));
        assertFalse(r.isAdjacentTo(new ByteRange(6, 6)));
    }

    @Test
    void intersectionAndMinus() {
        ByteRange r = new ByteRange(2, 10);
        assertEquals(new ByteRange(5, 10), r.intersection(new ByteRange(5, 12)));
        assertEquals(new ByteRange(12, 12), r.intersection(new ByteRange(12, 14)), "disjoint: empty at the later start");
        assertEquals(ByteRangeSet.of(new ByteRange(2, 4), new ByteRange(6, 10)), r.minus(new ByteRange(4, 6)));
        assertEquals(ByteRangeSet.of(new ByteRange(2, 4)), r.minus(new ByteRange(4, 12)));
        assertEquals(ByteRangeSet.of(r), r.minus(new ByteRange(5, 5)));
        assertEquals(ByteRangeSet.empty(), r.minus(new ByteRange(0, 10)));
        assertEquals(2, r.minus(new ByteRange(4, 6)).rangeCount());
    }

    @Test
    void orderIsByStartThenEnd() {
        List<ByteRange> sorted = new ArrayList<>(List.of(new ByteRange(5, 9), new ByteRange(0, 3),
                new ByteRange(5, 6), new ByteRange(0, 0)));
        Collections.sort(sorted);
        assertEquals(List.of(new ByteRange(0, 0), new ByteRange(0, 3), new ByteRange(5, 6), new ByteRange(5, 9)),
                sorted);
        assertTrue(new ByteRange(1, 2).compareTo(new ByteRange(2, 2)) < 0);
        assertTrue(new ByteRange(2, 2).compareTo(new ByteRange(1, 9)) > 0);
        assertTrue(new ByteRange(1, 3).compareTo(new ByteRange(1, 2)) > 0);
        assertEquals(0, new ByteRange(1, 3).compareTo(new ByteRange(1, 3)));
    }

    @Test
    void valueSemantics() {
        ByteRange r = new ByteRange(0, 4096);
        assertEquals(r, new ByteRange(0, 4096));
        assertEquals(r.hashCode(), new ByteRange(0, 4096).hashCode());
        assertNotEquals(r, new ByteRange(1, 4096));
        assertNotEquals(r, new ByteRange(0, 4095));
        assertNotEquals(r, (Object) "[0, 4096)");
        assertEquals("[0, 4096)", r.toString());
        assertEquals("[9223372036854775807, 9223372036854775807)", new ByteRange(MAX, MAX).toString());
        Set<Integer> hashes = new HashSet<>();
        for (long s = 0; s < 20; s++) {
            for (long e = s; e < 20; e++) {
                hashes.add(new ByteRange(s, e).hashCode());
            }
        }
        assertTrue(hashes.size() > 150, "distinct ranges hash apart: " + hashes.size());
    }
}
