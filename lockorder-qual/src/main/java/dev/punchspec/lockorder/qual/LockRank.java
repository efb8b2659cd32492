package dev.punchspec.lockorder.qual;

/**
 * The kernel locks the delalloc punch path takes, in the order they must be acquired.
 *
 * <p>The order is the one written above {@code iomap_write_delalloc_release()} in
 * {@code fs/iomap/buffered-io.c} (seed f43dc4dc3eff and every later generation):
 * {@code inode->i_rwsem} (shared or exclusive) &rarr; {@code mapping->invalidate_lock}
 * &rarr; {@code folio_lock()} &rarr; {@code ->punch} &rarr; the filesystem's internal
 * allocation lock (XFS {@code ILOCK}). A lock may be acquired only while every lock held has a
 * strictly lower rank; declaration order is rank order.
 *
 * <p>{@link #PUNCH} is not a lock but a level: the punch callback "may be called with a folio
 * locked, must not lock folios itself", which is exactly what ranking it between the folio lock
 * and ILOCK expresses.
 */
public enum LockRank {
    /** {@code inode->i_rwsem} (XFS_IOLOCK). */
    I_RWSEM,
    /** {@code mapping->invalidate_lock} (XFS_MMAPLOCK). */
    INVALIDATE_LOCK,
    /** {@code folio_lock()}. */
    FOLIO_LOCK,
    /** The {@code ->punch} callback ({@code iomap_punch_t}); a level, not a lock. */
    PUNCH,
    /** The filesystem allocation lock (XFS {@code ip->i_lock}, taken XFS_ILOCK_EXCL). */
    ILOCK;

    /**
     * Whether a lock of this rank may be acquired while {@code held} is held.
     *
     * @param held a rank already held by the acquiring thread
     * @return true iff this rank is strictly above {@code held}
     */
    public boolean mayAcquireWhileHolding(LockRank held) {
        return compareTo(held) > 0;
    }
}
