package dev.punchspec.extent;

/**
 * The two extent forks of a regular file that the punch path touches ({@code whichfork}).
 *
 * <p>The data fork maps the file; the copy-on-write fork ({@code ip->i_cowfp}, reflink) holds
 * staging reservations and allocations for writes over shared blocks. The newest generation's
 * punch callback picks the COW fork when the write's iomap has {@code IOMAP_F_SHARED}
 * (f6f91d290c8b "xfs: punch delalloc extents from the COW fork for COW writes", v6.12).
 */
public enum WhichFork {
    /** {@code XFS_DATA_FORK}. */
    DATA,
    /** {@code XFS_COW_FORK}. */
    COW
}
