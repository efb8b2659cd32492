import kernel.Kernel.AddressSpace;
import kernel.Kernel.FolioGuard;
import kernel.Kernel.Guard;
import kernel.Kernel.Xfs;

/** Accept: try-with-resources holds a resource's rank for its try block only. */
class TryWithResources {
    long nested(AddressSpace mapping, Xfs xfs) {
        long seen = 0;
        try (Guard invalidate = mapping.invalidateLockScoped()) {
            try (FolioGuard folio = mapping.lockFolioScoped(0)) {
                xfs.ilock();
                seen += folio.index();
                xfs.iunlock();
            }
            // The folio lock ended with the inner try block: locking a folio again is fine.
            try (FolioGuard folio = mapping.lockFolioScoped(1)) {
                seen += folio.index();
            }
        }
        // And invalidate_lock ended with the outer one.
        mapping.invalidateLock();
        mapping.invalidateUnlock();
        return seen;
    }

    long catchAndFinally(AddressSpace mapping) {
        long seen = 0;
        try (FolioGuard folio = mapping.lockFolioScoped(0)) {
            seen = folio.index();
        } catch (RuntimeException e) {
            // Resources are closed before a catch block runs: the folio lock is not held here.
            try (FolioGuard again = mapping.lockFolioScoped(0)) {
                again.index();
            }
        } finally {
            mapping.invalidateLock();
            mapping.invalidateUnlock();
        }
        return seen;
    }

    void resourceInLoop(AddressSpace mapping, long count) {
        for (long index = 0; index < count; index++) {
            try (FolioGuard folio = mapping.lockFolioScoped(index)) {
                if (folio.index() > index) {
                    break; // closing the resource releases the folio on the way out
                }
            }
        }
        mapping.invalidateLock();
        mapping.invalidateUnlock();
    }
}
