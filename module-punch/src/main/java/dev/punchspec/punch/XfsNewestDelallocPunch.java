package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunchIomap;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.RunsAt;
import java.util.Objects;

/**
 * {@code xfs_buffered_write_delalloc_punch(inode, offset, length, iomap)}, the XFS punch callback
 * of the newest generation (f6f91d290c8b, v6.12-rc4 on): a write to a shared range
 * ({@code IOMAP_F_SHARED}) reserved its delalloc blocks in the COW fork, so that is the fork to
 * punch; every other write punches the data fork. The zoned-allocation context the newest kernel
 * also passes ({@code iter->private}) is not modelled.
 */
public final class XfsNewestDelallocPunch implements IomapPunchIomap {

    private final XfsBmapPunch bmap;

    /** A callback over the given extent operation. */
    public XfsNewestDelallocPunch(XfsBmapPunch bmap) {
        this.bmap = Objects.requireNonNull(bmap, "bmap");
    }

    /**
     * {@code xfs_buffered_write_delalloc_punch()}, v6.12+: picks the fork from the mapping's
     * flags.
     *
     * @throws IllegalStateException when the extent operation reports an error: since
     *     4bceb9ba05ac {@code xfs_bmap_punch_delalloc_range()} is void, so a model of this
     *     generation must not produce one
     */
    @Override
    @RunsAt(LockRank.PUNCH)
    public void punch(Inode inode, long offsetByte, long lengthByte, Iomap iomap) {
        int whichFork = (iomap.flags() & Iomap.IOMAP_F_SHARED) != 0
                ? XfsBmapPunch.XFS_COW_FORK : XfsBmapPunch.XFS_DATA_FORK;
        int error = bmap.punchDelallocRange(inode, whichFork, offsetByte, offsetByte + lengthByte);
        if (error != 0) {
            throw new IllegalStateException("xfs_bmap_punch_delalloc_range is void since v6.12;"
                    + " the extent model returned " + error);
        }
    }
}
