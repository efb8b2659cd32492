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
        /* If we didn't reserve the blocks, we're not allowed to punch them. */
        if ((iomap.flags() & Iomap.IOMAP_F_NEW) == 0) {
            return 0;
        }
        /*
         * start_byte refers to the first unused block after a short write. If nothing was
         * written, round offset down to point at the first block in the range.
         */
        long startByte = WriteEndRange.lastWrittenBlock(blkbits, posByte, writtenByte);
        long endByte = WriteEndRange.endByte(blkbits, posByte, lengthByte);

        /* Nothing to do if we've written the entire delalloc extent */
        if (startByte >= endByte) {
            return 0;
        }

        /*
         * Lock the mapping to avoid races with page faults re-instantiating folios and dirtying
         * them via ->page_mkwrite between the page cache truncation and the delalloc extent
         * removal. Failing to do this can leave dirty pages with no space reservation in the cache.
         */
        mapping.invalidateLock();
        // truncate_pagecache_range(inode, start_byte, end_byte - 1): the kernel's end is inclusive
        mapping.truncatePagecacheRange(startByte, endByte);
        error = punch.punch(inode, startByte, endByte - startByte);
        mapping.invalidateUnlock();
        return error;
    }
}
