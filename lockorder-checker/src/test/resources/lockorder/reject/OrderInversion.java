import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;
import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.Inode;
import kernel.Kernel.IomapPunch;
import kernel.Kernel.Xfs;

/** Reject, rule 1: acquiring a rank while holding a higher one. */
class OrderInversion {
    void folioUnderIlock(AddressSpace mapping, Xfs xfs) {
        xfs.ilock();
        // :: error: [lock.order] lock order violation: AddressSpace.lockFolio() acquires FOLIO_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 12); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        Folio folio = mapping.lockFolio(0);
        if (folio != null) {
            folio.unlock();
        }
        xfs.iunlock();
    }

    @Holds(LockRank.FOLIO_LOCK)
    void invalidateUnderFolio(AddressSpace mapping) {
        // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding FOLIO_LOCK (held on entry: @Holds of OrderInversion.invalidateUnderFolio()); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        mapping.invalidateLock();
        mapping.invalidateUnlock();
    }

    /** Calling the punch (entering PUNCH) under ILOCK. */
    void punchUnderIlock(IomapPunch punch, Xfs xfs) {
        xfs.ilock();
        // :: error: [lock.order] lock order violation: IomapPunch.punch() runs at PUNCH while holding ILOCK (acquired by Xfs.ilock() at line 30); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        punch.punch(0, 4096);
        xfs.iunlock();
    }

    /** The message names the highest rank held above the one acquired. */
    void inodeUnderTwo(Inode inode, AddressSpace mapping, Xfs xfs) {
        mapping.invalidateLock();
        xfs.ilock();
        // :: error: [lock.order] lock order violation: Inode.lock() acquires I_RWSEM while holding ILOCK (acquired by Xfs.ilock() at line 39); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        inode.lock();
        inode.unlock();
        xfs.iunlock();
        mapping.invalidateUnlock();
    }

    /** A rank taken on one branch is held after the if. */
    void afterBranch(AddressSpace mapping, Xfs xfs, boolean allocate) {
        if (allocate) {
            xfs.ilock();
        }
        // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 50); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        mapping.invalidateLock();
        mapping.invalidateUnlock();
        if (allocate) {
            xfs.iunlock();
        }
    }

    /** An override of an annotated method acquires what the overridden method says. */
    abstract static class CachedMapping implements AddressSpace {
        @Override
        public Folio lockFolio(long index) {
            return null;
        }
    }

    void throughOverride(CachedMapping mapping, Xfs xfs) {
        xfs.ilock();
        // :: error: [lock.order] lock order violation: CachedMapping.lockFolio() acquires FOLIO_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 69); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        Folio folio = mapping.lockFolio(0);
        xfs.iunlock();
        if (folio != null) {
            folio.unlock();
        }
    }
}
