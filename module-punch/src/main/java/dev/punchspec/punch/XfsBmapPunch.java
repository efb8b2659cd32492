package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.RunsAt;

/**
 * {@code xfs_bmap_punch_delalloc_range(ip, whichfork, start_byte, end_byte)}: the XFS extent-map
 * operation behind every generation's punch callback. The extent model implements it (module-verify
 * wires it in); the XFS callbacks of this module ({@link Xfs61DelallocPunch},
 * {@link XfsNewestDelallocPunch}) only convert the algorithm's {@code {offset, length}} to it.
 *
 * <p>What XFS does with the range, per the kernel source: it rounds the start <em>down</em> and the
 * end <em>up</em> to whole blocks ({@code XFS_B_TO_FSBT}, {@code XFS_B_TO_FSB}), takes
 * {@code XFS_ILOCK_EXCL}, and deletes only the delalloc parts of the fork in that block range. Its
 * comment leaves it to the caller never to pass partial blocks.
 *
 * <p>It runs at {@link LockRank#ILOCK}: the XFS allocation lock it takes is the last rank of the
 * order, below the punch callback that calls it.
 *
 * <p>Until v6.11 the function returned an errno and only had the data fork; 8fe3b21efa07 (v6.12)
 * added {@code whichfork}, and 4bceb9ba05ac made it void.
 */
public interface XfsBmapPunch {

    /** {@code XFS_DATA_FORK}. */
    int XFS_DATA_FORK = 0;
    /** {@code XFS_COW_FORK}. */
    int XFS_COW_FORK = 2;

    /**
     * {@code xfs_bmap_punch_delalloc_range()}, every generation (the fork argument since v6.12):
     * deletes the delalloc extents of {@code whichFork} within the blocks covering
     * {@code [startByte, endByte)}.
     *
     * @return 0, or a negative errno (only generations up to v6.11 can see one)
     */
    /*@ public normal_behavior
      @   requires whichFork == XFS_DATA_FORK || whichFork == XFS_COW_FORK;
      @   requires 0 <= startByte && startByte < endByte;
      @   ensures \result <= 0;
      @*/
    @RunsAt(LockRank.ILOCK)
    int punchDelallocRange(Inode inode, int whichFork, long startByte, long endByte);
}
