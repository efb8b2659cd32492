package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.mapping.AddressSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the test double against the kernel semantics it stands for: {@link FakeCache#seekHoleData}
 * (a transcription of {@code mapping_seek_hole_data()}) against a byte-wise definition written from
 * KERNEL-NOTES §2, over every cache state of small geometries and every start and end.
 */
class SeekReferenceTest {

    static CacheStates.Geometry[] geometries() {
        return new CacheStates.Geometry[] {
            new CacheStates.Geometry(2, 2, 3, 1),
            new CacheStates.Geometry(2, 1, 2, 0),
            new CacheStates.Geometry(1, 0, 2, 1),
        };
    }

    /**
     * §2 byte by byte: SEEK_HOLE is the first non-data byte at or after start, clamped to end;
     * SEEK_DATA is the first data byte at or after start within the entries the walk visits (those
     * starting at a page up to {@code (end - 1) >> PAGE_SHIFT}), clamped to end, else -ENXIO;
     * both are -ENXIO when end <= start.
     */
    static long reference(FakeCache c, long start, long end, int whence) {
        if (end <= start) {
            return -AddressSpace.ENXIO;
        }
        if (whence == AddressSpace.SEEK_HOLE) {
            for (long x = start; x < end; x++) {
                if (!c.dataAt(x)) {
                    return x;
                }
            }
            return end;
        }
        long max = (end - 1) >> c.pageShift;
        long limit = (max + 1) << c.pageShift;
        FakeCache.FakeFolio last = c.folioAt(max);
        if (last != null) {
            limit = last.pos() + last.size();
        }
        for (long x = start; x < limit; x++) {
            if (c.dataAt(x)) {
                return Math.min(x, end);
            }
        }
        return -AddressSpace.ENXIO;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void seekMatchesByteWiseDefinition(CacheStates.Geometry g) {
        long size = g.sizeByte();
        int states = CacheStates.forEach(g, c -> {
            for (long start = 0; start <= size + 1; start++) {
                for (long end = 0; end <= size + 1; end++) {
                    for (int whence : new int[] {AddressSpace.SEEK_DATA, AddressSpace.SEEK_HOLE}) {
                        long want = reference(c, start, end, whence);
                        long got = c.seekHoleData(start, end, whence);
                        if (want != got) {
                            assertEquals(want, got, c.describe() + " whence " + whence + " [" + start + ", "
                                    + end + ")");
                        }
                    }
                }
            }
        });
        assertTrue(states > 100, "enumerated " + states + " states");
    }
}
