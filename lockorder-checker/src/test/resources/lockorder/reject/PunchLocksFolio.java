import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.LockRank;
import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.FolioGuard;
import kernel.Kernel.IomapPunch;

/**
 * Reject, rule 3: a ->punch implementation that locks a folio ("may be called with a folio
 * locked, must not lock folios itself"), as a class, a lambda and a method reference.
 */
class PunchLocksFolio {
    static final class LockingPunch implements IomapPunch {
        private final AddressSpace mapping;

        LockingPunch(AddressSpace mapping) {
            this.mapping = mapping;
        }

        @Override
        public int punch(long offsetByte, long lengthByte) {
            // :: error: [punch.locks.folio] a ->punch implementation must not lock folios (fs/iomap/buffered-io.c lock order): AddressSpace.lockFolio() acquires FOLIO_LOCK while running at PUNCH (held on entry: @RunsAt(PUNCH) of IomapPunch.punch())
            Folio folio = mapping.lockFolio(offsetByte >> 12);
            if (folio != null) {
                folio.unlock();
            }
            return 0;
        }
    }

    IomapPunch asLambda(AddressSpace mapping) {
        return (offsetByte, lengthByte) -> {
            // :: error: [punch.locks.folio] a ->punch implementation must not lock folios (fs/iomap/buffered-io.c lock order): AddressSpace.lockFolioScoped() acquires FOLIO_LOCK while running at PUNCH (held on entry: @RunsAt(PUNCH) of IomapPunch.punch())
            try (FolioGuard folio = mapping.lockFolioScoped(offsetByte >> 12)) {
                return (int) folio.index();
            }
        };
    }

    interface RangeLocker {
        @Acquires(LockRank.FOLIO_LOCK)
        int lockRange(long offsetByte, long lengthByte);
    }

    IomapPunch asReference(RangeLocker locker) {
        // :: error: [punch.locks.folio] a ->punch implementation must not lock folios (fs/iomap/buffered-io.c lock order): RangeLocker.lockRange() acquires FOLIO_LOCK while running at PUNCH (held on entry: @RunsAt(PUNCH) of IomapPunch.punch())
        return locker::lockRange;
    }
}
