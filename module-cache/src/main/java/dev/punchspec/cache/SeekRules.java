package dev.punchspec.cache;

/**
 * The rules of {@code mapping_seek_hole_data()} (mm/filemap.c, v5.13 on) outside the block walk:
 * the empty range, the gap in front of an entry, and how the answer is formed and clamped.
 *
 * <p>Written in the Java subset KeY reads, proved by KeY in the build, and the code
 * {@link PageCache#seekHoleData} runs. The kernel's facts (KERNEL-NOTES §2):
 * <ul>
 *   <li>{@code end <= start} returns {@code -ENXIO} for both whences;
 *   <li>a gap before the next entry is a hole: {@code SEEK_HOLE} answers the current start,
 *       {@code SEEK_DATA} moves on to the entry;
 *   <li>when the walk runs out (no entry left, or the cursor reached {@code end}),
 *       {@code SEEK_DATA} answers {@code -ENXIO} and {@code SEEK_HOLE} the cursor (the implicit
 *       hole at {@code end});
 *   <li>any non-negative answer above {@code end} is returned as {@code end}: a block walk inside
 *       the last folio can run past {@code end}, so {@code SEEK_DATA} can answer exactly
 *       {@code end} where the only data lies at or after it.
 * </ul>
 */
public final class SeekRules {

    /** {@code -ENXIO}, the "no data" answer; equals {@code -AddressSpace.ENXIO} (a test checks). */
    public static final long NO_DATA = -6L;

    private SeekRules() {
    }

    /**
     * {@code if (end <= start) return -ENXIO;}: whether the range is empty.
     *
     * @param startByte first byte
     * @param endByte exclusive limit
     * @return whether {@code endByte <= startByte}
     */
    /*@ public normal_behavior
      @   ensures \result <==> endByte <= startByte;
      @   assignable \nothing;
      @*/
    public static boolean isEmptyRange(long startByte, long endByte) {
        return endByte <= startByte;
    }

    /**
     * {@code if (start < pos) { if (!seek_data) goto unlock; ... }}: whether the gap before an
     * entry answers a {@code SEEK_HOLE}.
     *
     * @param startByte the cursor
     * @param entryPosByte {@code xas.xa_index << PAGE_SHIFT} of the entry found
     * @param seekData true for {@code SEEK_DATA}
     * @return whether the answer is the cursor, a hole before the entry
     */
    /*@ public normal_behavior
      @   ensures \result <==> (!seekData && startByte < entryPosByte);
      @   assignable \nothing;
      @*/
    public static boolean holeBeforeEntry(long startByte, long entryPosByte, boolean seekData) {
        return !seekData && startByte < entryPosByte;
    }

    /**
     * {@code if (start < pos) start = pos;} on the {@code SEEK_DATA} side: the cursor moved to
     * the entry (a cursor already inside it stays).
     *
     * @param startByte the cursor
     * @param entryPosByte {@code xas.xa_index << PAGE_SHIFT} of the entry found
     * @return the larger of the two
     */
    /*@ public normal_behavior
      @   ensures \result == (startByte < entryPosByte ? entryPosByte : startByte);
      @   ensures \result >= startByte && \result >= entryPosByte;
      @   assignable \nothing;
      @*/
    public static long startAtEntry(long startByte, long entryPosByte) {
        return startByte < entryPosByte ? entryPosByte : startByte;
    }

    /**
     * The end of {@code mapping_seek_hole_data()}: after the loop {@code if (seek_data) start =
     * -ENXIO;}, then at {@code unlock:} {@code if (start > end) return end; return start;}.
     *
     * @param found whether the walk stopped at an answer ({@code goto unlock}) rather than by
     *     running out of entries or reaching {@code end}
     * @param startByte the cursor when the walk stopped
     * @param endByte the exclusive limit
     * @param seekData true for {@code SEEK_DATA}
     * @return {@link #NO_DATA} when {@code SEEK_DATA} found nothing, else the cursor clamped to
     *     {@code endByte}
     */
    /*@ public normal_behavior
      @   requires 0 <= startByte && 0 < endByte;
      @   ensures (!found && seekData) ==> \result == NO_DATA;
      @   ensures (found || !seekData) ==> \result == (startByte > endByte ? endByte : startByte);
      @   ensures \result == NO_DATA || (0 <= \result && \result <= endByte);
      @   assignable \nothing;
      @*/
    public static long answer(boolean found, long startByte, long endByte, boolean seekData) {
        long resultByte = startByte;
        if (!found && seekData) {
            resultByte = NO_DATA;
        }
        if (resultByte > endByte) {
            return endByte;
        }
        return resultByte;
    }
}
