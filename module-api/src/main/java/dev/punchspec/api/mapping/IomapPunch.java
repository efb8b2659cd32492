package dev.punchspec.api.mapping;

import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.RunsAt;

/**
 * The filesystem's delalloc punch callback as v6.1 to v6.11 call it:
 * {@code int (*punch)(struct inode *inode, loff_t offset, loff_t length)} ({@code iomap_punch_t}
 * from 0af2b37d8e7a; the seed passes the same function pointer type), returning 0 or a negative
 * errno that the algorithm propagates.
 *
 * <p>Obligations on an implementation, as the seed's comment above
 * {@code iomap_write_delalloc_release()} states them:
 * <ul>
 *   <li>it must remove delalloc extents and nothing else: every other extent type in the range
 *       must be left untouched, since writeback or a racing operation may have converted part of
 *       the range;
 *   <li>the punch must be atomic against other extent state changes (XFS takes ILOCK exclusive);
 *   <li>its caller may hold a folio lock, so it must never lock a folio itself (lock order
 *       i_rwsem, invalidate_lock, folio lock, punch, filesystem allocation lock; checked at
 *       compile time through {@link RunsAt} and at run time by the lock model).
 * </ul>
 * XFS adds one on its callers: they must not pass partial blocks
 * ({@code xfs_bmap_punch_delalloc_range()} says so in its comment), since it rounds the start down
 * and the end up to whole blocks. That is the block-alignment precondition below.
 */
public interface IomapPunch {

    /**
     * Punches the delalloc blocks in {@code [offsetByte, offsetByte + lengthByte)}.
     *
     * @return 0, or a negative errno
     */
    /*@ public normal_behavior
      @   requires 0 <= offsetByte && 0 < lengthByte && offsetByte <= Long.MAX_VALUE - lengthByte;
      @   requires offsetByte % (1L << inode.blkbits()) == 0;
      @   requires lengthByte % (1L << inode.blkbits()) == 0;
      @   ensures \result <= 0;
      @*/
    @RunsAt(LockRank.PUNCH)
    int punch(Inode inode, long offsetByte, long lengthByte);
}
