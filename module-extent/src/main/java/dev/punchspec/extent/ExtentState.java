package dev.punchspec.extent;

import dev.punchspec.api.mapping.Iomap;
import org.checkerframework.dataflow.qual.Pure;

/**
 * What a range of file blocks is mapped to in one fork.
 *
 * <p>XFS has no state field for holes and delalloc: a hole is the absence of a record
 * ({@code HOLESTARTBLOCK} in lookups), a delalloc record is one whose {@code br_startblock} is
 * {@code nullstartblock(indlen)}, and a real record carries {@code br_state}
 * {@code XFS_EXT_UNWRITTEN} or {@code XFS_EXT_NORM}. A {@link Fork} stores only the last three;
 * {@link #HOLE} appears in lookups.
 */
public enum ExtentState {
    /** Not mapped: reads return zeros, a write must reserve or allocate. */
    HOLE(Iomap.IOMAP_HOLE),
    /** Delayed allocation: blocks reserved from the free-block counter, none allocated on disk. */
    DELALLOC(Iomap.IOMAP_DELALLOC),
    /** Allocated on disk but not written: reads return zeros ({@code XFS_EXT_UNWRITTEN}). */
    UNWRITTEN(Iomap.IOMAP_UNWRITTEN),
    /** Allocated and written: reads return the disk blocks ({@code XFS_EXT_NORM}). */
    WRITTEN(Iomap.IOMAP_MAPPED);

    private final int iomapType;

    ExtentState(int iomapType) {
        this.iomapType = iomapType;
    }

    /**
     * The {@code iomap->type} {@code xfs_bmbt_to_iomap()} reports for a mapping in this state.
     *
     * @return one of {@link Iomap#IOMAP_HOLE}, {@link Iomap#IOMAP_DELALLOC},
     *     {@link Iomap#IOMAP_UNWRITTEN}, {@link Iomap#IOMAP_MAPPED}
     */
    @Pure
    public int iomapType() {
        return iomapType;
    }

    /** @return whether blocks in this state are allocated on disk (unwritten or written) */
    @Pure
    public boolean isReal() {
        return this == UNWRITTEN || this == WRITTEN;
    }
}
