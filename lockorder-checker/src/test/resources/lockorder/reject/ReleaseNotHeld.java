import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;
import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.Guard;
import kernel.Kernel.Xfs;

/** Reject, rule 4: releasing a rank that is not held (lockdep: bad unlock balance). */
class ReleaseNotHeld {
    void neverTaken(Xfs xfs) {
        // :: error: [release.not.held] Xfs.iunlock() releases ILOCK, which is not held here
        xfs.iunlock();
    }

    void twice(AddressSpace mapping) {
        mapping.invalidateLock();
        mapping.invalidateUnlock();
        // :: error: [release.not.held] AddressSpace.invalidateUnlock() releases INVALIDATE_LOCK, which is not held here
        mapping.invalidateUnlock();
    }

    void afterResource(AddressSpace mapping) {
        try (Guard invalidate = mapping.invalidateLockScoped()) {
            invalidate.close();
        }
        // :: error: [release.not.held] AddressSpace.invalidateUnlock() releases INVALIDATE_LOCK, which is not held here
        mapping.invalidateUnlock(); // the try block's end already released it
    }

    /** filemap_lock_folio() returned no folio: nothing to unlock. */
    void onNullPath(AddressSpace mapping) {
        Folio folio = mapping.lockFolio(0);
        if (folio == null) {
            // :: error: [release.not.held] Folio.unlock() releases FOLIO_LOCK, which is not held here
            folio.unlock();
        }
    }

    /** A lambda does not run under the enclosing method's ranks. */
    @Holds(LockRank.INVALIDATE_LOCK)
    Runnable deferredUnlock(AddressSpace mapping) {
        // :: error: [release.not.held] AddressSpace.invalidateUnlock() releases INVALIDATE_LOCK, which is not held here
        return () -> mapping.invalidateUnlock();
    }
}
