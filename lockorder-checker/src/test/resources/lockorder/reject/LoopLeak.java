import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;

/** Reject, the loop rule: every iteration must end holding what the loop started with. */
class LoopLeak {
    /** The folio of one iteration is still locked when the next begins. */
    void leaked(AddressSpace mapping, long count) {
        // :: error: [loop.lock.leaked] lock leaked across loop iteration: FOLIO_LOCK (acquired by AddressSpace.lockFolio() at line 10) is still held at the end of the loop body
        for (long index = 0; index < count; index++) {
            Folio folio = mapping.lockFolio(index);
            if (folio != null) {
                folio.index();
            }
        }
    }

    /** A continue that skips the unlock. */
    void continueSkipsUnlock(AddressSpace mapping, long count) {
        long index = 0;
        // :: error: [loop.lock.leaked] lock leaked across loop iteration: FOLIO_LOCK (acquired by AddressSpace.lockFolio() at line 22) is still held at the end of the loop body
        while (index < count) {
            Folio folio = mapping.lockFolio(index++);
            if (folio == null) {
                continue;
            }
            if (folio.index() != index - 1) {
                continue;
            }
            folio.unlock();
        }
    }

    /** Released in every iteration but taken only once. */
    void unbalanced(AddressSpace mapping, long count) {
        mapping.invalidateLock();
        // :: error: [loop.lock.unbalanced] unbalanced unlock across loop iteration: INVALIDATE_LOCK (acquired by AddressSpace.invalidateLock() at line 35) is held when the loop is entered but released by the end of the loop body
        for (long index = 0; index < count; index++) {
            mapping.invalidateUnlock();
        }
    }

    /** An enhanced for and a do-while leak too. */
    void otherLoops(AddressSpace mapping, long[] indexes) {
        // :: error: [loop.lock.leaked] lock leaked across loop iteration: FOLIO_LOCK (acquired by AddressSpace.lockFolio() at line 46) is still held at the end of the loop body
        for (long index : indexes) {
            mapping.lockFolio(index);
        }
        // :: error: [loop.lock.leaked] lock leaked across loop iteration: INVALIDATE_LOCK (acquired by AddressSpace.invalidateLock() at line 50) is still held at the end of the loop body
        do {
            mapping.invalidateLock();
        } while (indexes.length > 1);
    }
}
