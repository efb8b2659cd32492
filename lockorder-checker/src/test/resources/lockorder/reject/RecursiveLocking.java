import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.FolioGuard;
import kernel.Kernel.IomapPunch;
import kernel.Kernel.Xfs;

/** Reject, rule 4: acquiring a rank already held (lockdep: possible recursive locking). */
class RecursiveLocking {
    void twice(Xfs xfs) {
        xfs.ilock();
        // :: error: [recursive.locking] recursive locking: Xfs.ilock() acquires ILOCK, which is already held (acquired by Xfs.ilock() at line 10)
        xfs.ilock();
        xfs.iunlock();
    }

    void twoFolios(AddressSpace mapping) {
        Folio first = mapping.lockFolio(0);
        // :: error: [recursive.locking] recursive locking: AddressSpace.lockFolio() acquires FOLIO_LOCK, which is already held (acquired by AddressSpace.lockFolio() at line 17)
        Folio second = mapping.lockFolio(1);
        if (second != null) {
            second.unlock();
        }
        if (first != null) {
            first.unlock();
        }
    }

    void nestedResources(AddressSpace mapping) {
        try (FolioGuard outer = mapping.lockFolioScoped(0);
                // :: error: [recursive.locking] recursive locking: AddressSpace.lockFolioScoped() acquires FOLIO_LOCK, which is already held (acquired by AddressSpace.lockFolioScoped() at line 29)
                FolioGuard inner = mapping.lockFolioScoped(1)) {
            outer.index();
            inner.index();
        }
    }

    /** A conditionally taken lock may still be held. */
    void maybeHeld(AddressSpace mapping, boolean exclusive) {
        if (exclusive) {
            mapping.invalidateLock();
        }
        // :: error: [recursive.locking] recursive locking: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK, which is already held (acquired by AddressSpace.invalidateLock() at line 40)
        mapping.invalidateLock();
        mapping.invalidateUnlock();
    }

    /** A punch calling a punch re-enters its own level. */
    static final class Chained implements IomapPunch {
        private final IomapPunch next;

        Chained(IomapPunch next) {
            this.next = next;
        }

        @Override
        public int punch(long offsetByte, long lengthByte) {
            // :: error: [recursive.locking] recursive locking: IomapPunch.punch() runs at PUNCH, which is already held (held on entry: @RunsAt(PUNCH) of IomapPunch.punch())
            return next.punch(offsetByte, lengthByte);
        }
    }
}
