import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.IomapPunch;
import kernel.Kernel.Xfs;

/**
 * Accept: a punch implementation (xfs_buffered_write_delalloc_punch() ->
 * xfs_bmap_punch_delalloc_range()) takes ILOCK, above PUNCH; it inherits @RunsAt(PUNCH) from the
 * interface. Callers may call it with a folio locked, through the interface or the class.
 */
class PunchTakesIlock {
    static final class XfsPunch implements IomapPunch {
        private final Xfs xfs;

        XfsPunch(Xfs xfs) {
            this.xfs = xfs;
        }

        @Override
        public int punch(long offsetByte, long lengthByte) {
            xfs.ilock();
            xfs.iunlock();
            return 0;
        }
    }

    void release(AddressSpace mapping, XfsPunch direct, IomapPunch viaInterface) {
        mapping.invalidateLock();
        Folio folio = mapping.lockFolio(0);
        if (folio != null) {
            direct.punch(0, 4096);
            viaInterface.punch(4096, 4096);
            folio.unlock();
        }
        mapping.invalidateUnlock();
    }

    IomapPunch asLambda(Xfs xfs) {
        return (offsetByte, lengthByte) -> {
            xfs.ilock();
            xfs.iunlock();
            return 0;
        };
    }
}
