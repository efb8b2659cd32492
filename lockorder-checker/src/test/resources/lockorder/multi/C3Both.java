import kernel.Kernel.AddressSpace;
import kernel.Kernel.Xfs;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Multi-checker case, compiled last: one error of each checker in one class. */
class C3Both {
    int both(AddressSpace mapping, Xfs xfs, @Nullable String text) {
        xfs.ilock();
        // :: error: [lock.order] lock order violation: AddressSpace.invalidateLock() acquires INVALIDATE_LOCK while holding ILOCK (acquired by Xfs.ilock() at line 8); the lock order is I_RWSEM -> INVALIDATE_LOCK -> FOLIO_LOCK -> PUNCH -> ILOCK
        mapping.invalidateLock();
        mapping.invalidateUnlock();
        xfs.iunlock();
        // :: error: [dereference.of.nullable] dereference of possibly-null reference text
        return text.length();
    }
}
