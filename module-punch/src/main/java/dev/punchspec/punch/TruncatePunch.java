package dev.punchspec.punch;

import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;

/**
 * The pre-seed generation: {@code iomap_file_buffered_write_punch_delalloc()} as 9c7babf94a0d
 * ("xfs,iomap: move delalloc punching to iomap") left it, the code the seed f43dc4dc3eff replaced.
 *
 * <p>It truncates the page cache over the whole unused range and then punches the whole range,
 * both under the invalidate_lock. The truncation does not discriminate between data this write put
 * in the cache and data a racing mmap store put there, so it destroys the latter: the data
 * corruption generic/346 exhibits once writes can fail (the seed's commit message). Nothing is
 * kept: the punched set is the whole range, whatever the cache holds.
 */
public final class TruncatePunch {

    /** An instance of the pre-seed generation; it raises no kernel warnings. */
    public TruncatePunch() {
    }

    /**
     * {@code iomap_file_buffered_write_punch_delalloc()}, pre-seed (9c7babf94a0d):
     * {@code truncate_pagecache_range()} then one punch of {@code [start_byte, end_byte)}.
     *
     * @return 0, or the errno of the punch
     * @throws IllegalArgumentException for arguments outside {@link WriteEndRange#checkWriteEnd}
     */
    /*@ public normal_behavior
      @   requires 0 <= posByte && 0 < lengthByte && 0 <= writtenByte && writtenByte <= lengthByte;
      @   requires posByte <= WriteEndRange.MAX_POS_BYTE - lengthByte;
      @   ensures \result <= 0;
      @*/
    public int fileBufferedWritePunchDelalloc(Inode inode, Iomap iomap, long posByte,
            long lengthByte, long writtenByte, IomapPunch punch) {
        int blkbits = inode.blkbits();
        WriteEndRange.checkWriteEnd(blkbits, posByte, lengthByte, writtenByte);
        AddressSpace mapping = inode.mapping();
        int error;

        if (iomap.type() != Iomap.IOMAP_DELALLOC) {
            return 0;
        }
        /* Only delalloc this write reserved (IOMAP_F_NEW) is ours to punch. */
        if ((iomap.flags() & Iomap.IOMAP_F_NEW) == 0) {
            return 0;
        }
        /*
         * startByte: the first block the write left unused. A partly written block counts as used
         * (round up); when nothing was written, the range starts at the block holding posByte.
         */
        long startByte = WriteEndRange.lastWrittenBlock(blkbits, posByte, writtenByte);
        long endByte = WriteEndRange.endByte(blkbits, posByte, lengthByte);

        /* Every block of the mapping was written: no unused reservation is left. */
        if (startByte >= endByte) {
            return 0;
        }

        /*
         * invalidate_lock, exclusive, over the truncation and the punch together: otherwise a page
         * fault could create a folio again and dirty it through ->page_mkwrite between the two,
         * and the punch would then remove the reservation under that dirty folio.
         */
        mapping.invalidateLock();
        // truncate_pagecache_range(inode, start_byte, end_byte - 1): the kernel's end is inclusive
        mapping.truncatePagecacheRange(startByte, endByte);
        error = punch.punch(inode, startByte, endByte - startByte);
        mapping.invalidateUnlock();
        return error;
    }
}
