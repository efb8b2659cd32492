package dev.punchspec.api.lock;

import dev.punchspec.lockorder.qual.LockRank;

/**
 * Whether a kernel lock is a rw-semaphore or a mutex-like lock; fixed by its rank, because each
 * rank names one kind of kernel lock.
 */
public enum LockKind {
    /** Shared or exclusive ({@code struct rw_semaphore}). */
    RW_SEMAPHORE,
    /** Exclusive only (the folio lock, a sleeping bit lock). */
    MUTEX;

    /**
     * The kind of the kernel lock of a rank.
     *
     * <ul>
     *   <li>{@link LockRank#I_RWSEM}: {@code inode->i_rwsem}, a rw-semaphore; buffered writes take
     *       it exclusive ({@code XFS_IOLOCK_EXCL}), reads and direct I/O may take it shared.
     *   <li>{@link LockRank#INVALIDATE_LOCK}: {@code mapping->invalidate_lock}, a rw-semaphore;
     *       exclusive around the delalloc punch walk (taken by {@code iomap_write_delalloc_release()}
     *       itself from the seed to 6.11, by its caller since 6.12, which iomap checks with
     *       {@code lockdep_assert_held_write()}), shared in page faults ({@code xfs_write_fault()}
     *       takes {@code XFS_MMAPLOCK_SHARED}, {@code filemap_fault()} takes it shared to create a
     *       folio).
     *   <li>{@link LockRank#FOLIO_LOCK}: {@code folio_lock()}, the {@code PG_locked} bit: a
     *       sleeping bit lock with a single owner and no shared mode.
     *   <li>{@link LockRank#ILOCK}: XFS {@code ip->i_lock}, a rw-semaphore;
     *       {@code xfs_bmap_punch_delalloc_range()} takes it {@code XFS_ILOCK_EXCL} inside the punch
     *       callback.
     * </ul>
     *
     * @param rank the lock's rank; {@link LockRank#PUNCH} is rejected because the punch callback is
     *     a level of the order, not a lock (see {@link TaskContext#enterLevel(LockRank)})
     * @return the kind of lock of that rank
     * @throws IllegalArgumentException if {@code rank} is {@link LockRank#PUNCH}
     */
    public static LockKind of(LockRank rank) {
        if (rank == LockRank.PUNCH) {
            throw new IllegalArgumentException(
                    "rank = PUNCH is a level of the lock order, not a lock; enter it with TaskContext.enterLevel");
        }
        return rank == LockRank.FOLIO_LOCK ? MUTEX : RW_SEMAPHORE;
    }

    /**
     * Whether a lock of this kind can be held in {@code mode}.
     *
     * @param mode the requested mode
     * @return true for every mode of a rw-semaphore, only {@link LockMode#EXCLUSIVE} for a mutex
     */
    public boolean supports(LockMode mode) {
        return this == RW_SEMAPHORE || mode == LockMode.EXCLUSIVE;
    }
}
