package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.RunsAt;
import java.util.Objects;

/**
 * {@code xfs_buffered_write_delalloc_punch(inode, offset, length)}, the XFS punch callback from
 * the seed series (b71f889c18ad, 7348b322332d) to v6.11: punches the data fork and returns the
 * errno of {@code xfs_bmap_punch_delalloc_range()}. Used by the {@code truncate}, {@code seed-6.1}
 * and {@code ifs-6.6} generations and their variants.
 */
public final class Xfs61DelallocPunch implements IomapPunch {

    private final XfsBmapPunch bmap;

    /** A callback over the given extent operation. */
    public Xfs61DelallocPunch(XfsBmapPunch bmap) {
        this.bmap = Objects.requireNonNull(bmap, "bmap");
    }

    /** {@code xfs_buffered_write_delalloc_punch()}, v6.1-v6.11: the data fork only. */
    @Override
    @RunsAt(LockRank.PUNCH)
    public int punch(Inode inode, long offsetByte, long lengthByte) {
        return bmap.punchDelallocRange(inode, XfsBmapPunch.XFS_DATA_FORK, offsetByte,
                offsetByte + lengthByte);
    }
}
