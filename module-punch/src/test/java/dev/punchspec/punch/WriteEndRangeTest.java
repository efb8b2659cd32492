package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link WriteEndRange} against a brute-force reading of the kernel's words: the first unchanged
 * block after a short write, or the block holding {@code pos} when nothing was written; the end of
 * the last block the mapping touches.
 */
class WriteEndRangeTest {

    /** The largest multiple of {@code bs} at or below {@code x}, by counting. */
    private static long roundDown(long x, long bs) {
        long r = 0;
        while (r + bs <= x) {
            r += bs;
        }
        return r;
    }

    /** The smallest multiple of {@code bs} at or above {@code x}, by counting. */
    private static long roundUp(long x, long bs) {
        long r = 0;
        while (r < x) {
            r += bs;
        }
        return r;
    }

    @Test
    void matchesBruteForceForSmallValues() {
        for (int blkbits = 0; blkbits <= 3; blkbits++) {
            long bs = 1L << blkbits;
            for (long pos = 0; pos < 40; pos++) {
                for (long length = 1; length < 20; length++) {
                    assertEquals(roundUp(pos + length, bs),
                            WriteEndRange.endByte(blkbits, pos, length),
                            "end " + blkbits + " " + pos + " " + length);
                    for (long written = 0; written <= length; written++) {
                        long want = written == 0 ? roundDown(pos, bs) : roundUp(pos + written, bs);
                        assertEquals(want, WriteEndRange.lastWrittenBlock(blkbits, pos, written),
                                "start " + blkbits + " " + pos + " " + written);
                    }
                }
            }
        }
    }

    @Test
    void exactAtTheTopOfTheModelledRange() {
        long max = WriteEndRange.MAX_POS_BYTE;
        assertEquals(max, WriteEndRange.endByte(12, max - 1, 1));
        assertEquals(max, WriteEndRange.lastWrittenBlock(12, max - 4096, 4096));
        assertEquals(max - 4096, WriteEndRange.lastWrittenBlock(12, max - 1, 0));
        WriteEndRange.checkWriteEnd(12, max - 1, 1, 1);
        WriteEndRange.checkRange(max, max);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1 | 0 | 1 | 0 | blkbits must be 0..30, was -1",
        "31 | 0 | 1 | 0 | blkbits must be 0..30, was 31",
        "2 | -1 | 1 | 0 | posByte must be >= 0, was -1",
        "2 | 0 | 0 | 0 | lengthByte must be > 0, was 0",
        "2 | 0 | 4 | -1 | writtenByte must be 0..lengthByte (4), was -1",
        "2 | 0 | 4 | 5 | writtenByte must be 0..lengthByte (4), was 5",
        "2 | 4611686018427387903 | 2 | 0 | posByte + lengthByte must be <= 2^62, was posByte"
            + " 4611686018427387903 + lengthByte 2",
    })
    void badWriteEndArgumentsAreNamed(int blkbits, long pos, long length, long written,
            String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WriteEndRange.checkWriteEnd(blkbits, pos, length, written));
        assertEquals(message, e.getMessage());
    }

    @Test
    void acceptsTheBoundaryValues() {
        WriteEndRange.checkWriteEnd(0, 0, 1, 0);
        WriteEndRange.checkWriteEnd(30, 0, 1, 1);
        WriteEndRange.checkWriteEnd(2, WriteEndRange.MAX_POS_BYTE - 2, 2, 2);
        WriteEndRange.checkRange(0, 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1 | 0 | startByte must be >= 0, was -1",
        "4 | 3 | endByte must be >= startByte (4), was 3",
        "0 | 4611686018427387905 | endByte must be <= 2^62, was 4611686018427387905",
    })
    void badRangesAreNamed(long start, long end, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WriteEndRange.checkRange(start, end));
        assertEquals(message, e.getMessage());
    }
}
