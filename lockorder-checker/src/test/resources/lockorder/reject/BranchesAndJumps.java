import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.Xfs;

/** Reject: ranks taken in branches and carried by jumps stay held where they arrive. */
class BranchesAndJumps {
    /** Taken in one arm of ?: (not stored straight from the call, so no null test helps). */
    void conditionalArm(AddressSpace mapping, boolean wanted) {
        Folio folio = wanted ? mapping.lockFolio(0) : null;
        // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding FOLIO_LOCK (acquired by AddressSpace.lockFolio() at line 9); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        mapping.invalidateLock();
        mapping.invalidateUnlock();
        if (folio != null) {
            folio.unlock();
        }
    }

    /** Taken in one case of a switch, not released. */
    void switchCase(AddressSpace mapping, Xfs xfs, int how) {
        switch (how) {
            case 0:
                xfs.ilock();
                break;
            default:
                break;
        }
        // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 22); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        mapping.invalidateLock();
        mapping.invalidateUnlock();
    }

    /** A labeled continue carries the folio lock to the next outer iteration. */
    void labeledContinue(AddressSpace mapping, long rows) {
        outer:
        // :: error: [loop.lock.leaked] lock leaked across loop iteration: FOLIO_LOCK (acquired by AddressSpace.lockFolio() at line 38) is still held at the end of the loop body
        for (long row = 0; row < rows; row++) {
            for (long column = 0; column < 4; column++) {
                Folio folio = mapping.lockFolio(row * 4 + column);
                if (folio != null && folio.index() == 3) {
                    continue outer;
                }
                if (folio != null) {
                    folio.unlock();
                }
            }
        }
    }

    /** A break out of a loop keeps ILOCK held after it; a finally block does not release it. */
    void breakKeepsLock(AddressSpace mapping, Xfs xfs, long count) {
        for (long index = 0; index < count; index++) {
            xfs.ilock();
            try {
                if (index > 3) {
                    break;
                }
            } finally {
                index++;
            }
            xfs.iunlock();
        }
        // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 52); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        mapping.invalidateLock();
        mapping.invalidateUnlock();
    }

    /** A catch block runs with whatever the try block held when it threw. */
    void catchUnderLock(AddressSpace mapping, Xfs xfs, String text) {
        try {
            xfs.ilock();
            Integer.parseInt(text);
            xfs.iunlock();
        } catch (NumberFormatException e) {
            // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 70); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
            mapping.invalidateLock();
            mapping.invalidateUnlock();
        }
    }

    /**
     * The second iteration starts differently from the first: the folio lock no longer follows
     * the null test of folio once folio is reassigned, so the null branch may hold it.
     */
    void guardLostAcrossIterations(AddressSpace mapping, Folio other, long count) {
        Folio folio = mapping.lockFolio(0);
        for (long index = 0; index < count; index++) {
            if (folio == null) {
                // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding FOLIO_LOCK (acquired by AddressSpace.lockFolio() at line 85); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
                mapping.invalidateLock();
                mapping.invalidateUnlock();
            }
            folio = other;
        }
    }
}
