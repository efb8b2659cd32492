package dev.punchspec.punch.scan;

/**
 * The page cache as {@code iomap_write_delalloc_release()} (v6.1.y seed) uses it: the two calls of
 * {@code mapping_seek_hole_data()}, with {@code SEEK_DATA} and with {@code SEEK_HOLE}.
 *
 * <p>An errno is at least {@code -MAX_ERRNO} ({@code -4095}), so the release can hand it on as an
 * {@code int}. The {@code SEEK_HOLE} contract is the race-free one: from a byte that
 * {@code SEEK_DATA} just found to be data, the next hole lies strictly after it. The api's
 * {@code AddressSpace.seekHoleData} promises less, {@code startByte <= result}, because a folio
 * can vanish between the two seeks (direct-I/O invalidation or reclaim, which the
 * invalidate_lock does not stop), and then {@code SEEK_HOLE} answers {@code startByte}; that race
 * is outside this contract and the proof (see {@link Seed61Release}).
 */
public interface ReleaseMapping {

    /** {@code mapping_seek_hole_data(mapping, startByte, endByte, SEEK_DATA)}. */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte < endByte;
      @   ensures (-4095 <= \result && \result < 0) || (startByte <= \result && \result <= endByte);
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long seekData(long startByte, long endByte);

    /** {@code mapping_seek_hole_data(mapping, startByte, endByte, SEEK_HOLE)} from a data byte. */
    /*@ public normal_behavior
      @   requires 0 <= startByte && startByte < endByte;
      @   ensures (-4095 <= \result && \result < 0) || (startByte < \result && \result <= endByte);
      @   assignable \nothing;
      @*/
    /*@ helper @*/ long seekHole(long startByte, long endByte);
}
