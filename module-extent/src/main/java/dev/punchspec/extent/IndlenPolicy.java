package dev.punchspec.extent;

/**
 * How big the indirect-block reservation of a delalloc extent is, and how it is shared when a
 * punch cuts the extent in two: XFS's {@code xfs_bmap_worst_indlen()} and
 * {@code xfs_bmap_split_indlen()} (fs/xfs/libxfs/xfs_bmap.c, newest generation, i.e. after
 * "xfs: rework splitting of indirect block reservations", 2024, which moved the stealing of data
 * blocks out of the split into {@code xfs_bmap_del_extent_delay()}).
 *
 * <p>A delalloc extent of {@code len} blocks reserves, besides its data blocks, the worst-case
 * number of bmap btree blocks that allocating it could need (XFS keeps that number in the
 * extent's {@code br_startblock}, as {@code nullstartblock(indlen)}). The contracts below are all
 * the punch loop ({@link DelallocPunchLoop}) relies on; they are what its KeY proof assumes, and
 * {@link XfsIndlen}, the implementation that runs, is tested against them.
 *
 * <p>Written in the Java subset KeY reads (no generics, no default methods, no annotations).
 */
public interface IndlenPolicy {

    // The rules are pure functions of their arguments: whatever invariant an implementation has,
    // it depends on no heap location, so a caller writing arrays keeps it (KeY-only clause).
    //+KeY@ public accessible \inv: \nothing;

    /**
     * Bound on file offsets, lengths and reservations in filesystem blocks that the model and
     * its proofs admit (2^60), so that sums of a few of them cannot overflow a {@code long}.
     */
    long MAX_FSB = 1152921504606846976L;

    /**
     * {@code xfs_bmap_worst_indlen(ip, len)}: the worst-case number of bmap btree blocks needed to
     * map a delalloc extent of {@code lengthFsb} blocks. At least one block, and at most the length
     * plus twice the btree height (each btree level needs at most a ceiling's worth over the level
     * below, which with two or more records per block sums to less than the length plus one block
     * per level; a height is at most 20 here), so 64 bounds the excess.
     *
     * @param lengthFsb the extent length in blocks
     * @return the indirect reservation in blocks
     */
    /*@ public normal_behavior
      @   requires 1 <= lengthFsb && lengthFsb <= MAX_FSB;
      @   ensures 1 <= \result && \result <= lengthFsb + 64;
      @   assignable \nothing;
      @*/
    long worstIndlen(long lengthFsb);

    /**
     * {@code xfs_bmap_split_indlen(ores, &indlen1, &indlen2)}: when the reservation
     * {@code reservedFsb} cannot cover the worst-case reservations the two pieces of a split
     * extent ask for, shares it between them, scaled down fairly, and hands out the remainder one
     * block at a time. The kernel passes the two requests by pointer; here each is an array
     * element, {@code first[at1]} and {@code second[at2]}, read as the request and overwritten
     * with the share. A request may exceed {@link #MAX_FSB} by the btree height
     * ({@link #worstIndlen}'s bound), so requests are bounded by twice it.
     *
     * @param reservedFsb the reservation to share ({@code ores})
     * @param first the array holding the first piece's request ({@code *indlen1})
     * @param at1 its index
     * @param second the array holding the second piece's request ({@code *indlen2})
     * @param at2 its index
     */
    /*@ public normal_behavior
      @   requires first != null && second != null && (first != second || at1 != at2);
      @   requires 0 <= at1 && at1 < first.length && 0 <= at2 && at2 < second.length;
      @   requires 0 <= first[at1] && first[at1] <= 2 * MAX_FSB;
      @   requires 0 <= second[at2] && second[at2] <= 2 * MAX_FSB;
      @   requires 0 <= reservedFsb && reservedFsb < first[at1] + second[at2];
      @   ensures 0 <= first[at1] && first[at1] <= \old(first[at1]);
      @   ensures 0 <= second[at2] && second[at2] <= \old(second[at2]);
      @   ensures first[at1] + second[at2] == reservedFsb;
      @   assignable first[at1], second[at2];
      @*/
    void splitIndlen(long reservedFsb, long[] first, int at1, long[] second, int at2);
}
