import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.Xfs;

/** Multi-checker case, compiled first: a lock-order error only. */
class A1LockOrder {
    void folioUnderIlock(AddressSpace mapping, Xfs xfs) {
        xfs.ilock();
        // :: error: [lock.order] lock order violation: AddressSpace.lockFolio() acquires FOLIO_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 8); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        Folio folio = mapping.lockFolio(0);
        folio.unlock();
        xfs.iunlock();
    }
}
