import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.Xfs;

/** Accept: statement-level acquire and release, branches, loops, switch and finally. */
class StatementAcquireRelease {
    void lockUnlockLock(AddressSpace mapping) {
        mapping.invalidateLock();
        mapping.invalidateUnlock();
        mapping.invalidateLock(); // released above, so this is not recursive
        mapping.invalidateUnlock();
    }

    /** The seed's scan loop (iomap_write_delalloc_scan(), v6.1.y): one folio per iteration. */
    @Holds(LockRank.INVALIDATE_LOCK)
    long scan(AddressSpace mapping, long startByte, long endByte) {
        while (startByte < endByte) {
            Folio folio = mapping.lockFolio(startByte >> 12);
            if (folio == null) {
                startByte = ((startByte >> 12) + 1) << 12;
                continue; // no folio: nothing was locked
            }
            startByte = (folio.index() + 1) << 12;
            folio.unlock();
        }
        return startByte;
    }

    /** A null test through && and a lock taken in the loop condition. */
    long lockInCondition(AddressSpace mapping, long count) {
        long index = 0;
        Folio folio;
        while (index < count && (folio = mapping.lockFolio(index)) != null) {
            index = folio.index() + 1;
            folio.unlock();
        }
        return index;
    }

    /** A "find and lock" loop: break carries the lock out, released after the loop. */
    long findAndLock(AddressSpace mapping, long count) {
        Folio found = null;
        for (long index = 0; index < count; index++) {
            Folio folio = mapping.lockFolio(index);
            if (folio == null) {
                continue;
            }
            if (folio.index() == index) {
                found = folio;
                break;
            }
            folio.unlock();
        }
        if (found != null) {
            long index = found.index();
            found.unlock();
            return index;
        }
        return -1;
    }

    /** Correlated conditional lock and unlock (kernel: IOCB_NOWAIT-style paths). */
    void conditional(AddressSpace mapping, boolean exclusive) {
        if (exclusive) {
            mapping.invalidateLock();
        }
        if (exclusive) {
            mapping.invalidateUnlock();
        }
    }

    /** An early return on an error path releases what it took. */
    int earlyReturn(AddressSpace mapping, Xfs xfs, boolean fail) {
        mapping.invalidateLock();
        if (fail) {
            mapping.invalidateUnlock();
            return -5;
        }
        Folio folio = mapping.lockFolio(0);
        if (folio != null) {
            xfs.ilock();
            xfs.iunlock();
            folio.unlock();
        }
        mapping.invalidateUnlock();
        return 0;
    }

    /** lock; try { ... } finally { unlock; }, then the lock is free again. */
    void tryFinally(AddressSpace mapping, Xfs xfs) {
        xfs.ilock();
        try {
            if (mapping == null) {
                throw new IllegalStateException("no mapping");
            }
        } finally {
            xfs.iunlock();
        }
        Folio folio = mapping.lockFolio(0); // ILOCK is no longer held
        if (folio != null) {
            folio.unlock();
        }
    }

    /** Each case balanced; the default falls through to the common release. */
    void perCase(AddressSpace mapping, Xfs xfs, int how) {
        switch (how) {
            case 0:
                xfs.ilock();
                xfs.iunlock();
                break;
            case 1:
                mapping.invalidateLock();
                mapping.invalidateUnlock();
                break;
            default:
                break;
        }
        xfs.ilock();
        xfs.iunlock();
    }

    /** A method that releases what its caller holds. */
    @Releases(LockRank.FOLIO_LOCK)
    void unlockFolio(Folio folio) {
        folio.unlock();
    }

    /** Held on entry, so taking a folio and ILOCK under it is in order. */
    @Holds({LockRank.I_RWSEM, LockRank.INVALIDATE_LOCK})
    void underCallerLocks(AddressSpace mapping, Xfs xfs) {
        Folio folio = mapping.lockFolio(0);
        xfs.ilock();
        xfs.iunlock();
        if (folio != null) {
            unlockFolio(folio);
        }
    }
}
