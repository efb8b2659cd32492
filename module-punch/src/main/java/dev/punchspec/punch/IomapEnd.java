package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;

/**
 * XFS's {@code ->iomap_end} for buffered writes ({@code xfs_buffered_write_iomap_end()}) with one
 * generation's delalloc punch behind it: the single entry module-verify and the command line drive,
 * whatever the generation. Obtain one from {@link Generation#create}.
 */
public interface IomapEnd {

    /**
     * Cleans up after a write iteration over {@code iomap} that covered
     * {@code [offsetByte, offsetByte + lengthByte)} and advanced {@code writtenByte} bytes.
     *
     * @param flags the iteration's {@code IOMAP_*} flags ({@link Iomap#IOMAP_WRITE},
     *     {@link Iomap#IOMAP_ZERO}, {@link Iomap#IOMAP_FAULT}, {@link Iomap#IOMAP_UNSHARE})
     * @param bmap the extent operation the generation's XFS punch callback calls
     * @return 0, or a negative errno (only generations up to v6.11 can return one)
     * @throws IllegalArgumentException for arguments outside {@link WriteEndRange#checkWriteEnd}
     */
    int iomapEnd(Inode inode, long offsetByte, long lengthByte, long writtenByte, int flags,
            Iomap iomap, XfsBmapPunch bmap);
}
