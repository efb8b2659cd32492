package dev.punchspec.api.mapping;

import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.RunsAt;

/**
 * The filesystem's delalloc punch callback from v6.12 on:
 * {@code void (*punch)(struct inode *inode, loff_t offset, loff_t length, struct iomap *iomap)}
 * (4bceb9ba05ac made it void, 492f53758fad added the iomap so XFS can pick the COW fork from
 * {@code IOMAP_F_SHARED}).
 *
 * <p>The obligations are those of {@link IomapPunch}; errors can no longer be reported, so an
 * implementation that cannot punch leaves the reservation (a leak, never a corruption).
 */
public interface IomapPunchIomap {

    /** Punches the delalloc blocks in {@code [offsetByte, offsetByte + lengthByte)}. */
    /*@ public normal_behavior
      @   requires 0 <= offsetByte && 0 < lengthByte && offsetByte <= Long.MAX_VALUE - lengthByte;
      @   requires offsetByte % (1L << inode.blkbits()) == 0;
      @   requires lengthByte % (1L << inode.blkbits()) == 0;
      @*/
    @RunsAt(LockRank.PUNCH)
    void punch(Inode inode, long offsetByte, long lengthByte, Iomap iomap);
}
