import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.IomapPunch;
import kernel.Kernel.Xfs;

/**
 * Accept: lambdas and anonymous and local classes are analysed as methods of their own, without
 * the ranks the enclosing method holds.
 */
class LambdasAndClasses {
    Runnable deferred(AddressSpace mapping, Xfs xfs) {
        xfs.ilock();
        // Runs later, not under this method's ILOCK.
        Runnable later = () -> {
            Folio folio = mapping.lockFolio(0);
            if (folio != null) {
                folio.unlock();
            }
        };
        xfs.iunlock();
        return later;
    }

    IomapPunch anonymous(Xfs xfs) {
        xfs.ilock();
        IomapPunch punch = new IomapPunch() {
            @Override
            public int punch(long offsetByte, long lengthByte) {
                xfs.ilock(); // inherits @RunsAt(PUNCH), not the enclosing ILOCK
                xfs.iunlock();
                return 0;
            }
        };
        xfs.iunlock();
        return punch;
    }

    void local(AddressSpace mapping, Xfs xfs) {
        xfs.ilock();
        class Scanner {
            void scanOne() {
                Folio folio = mapping.lockFolio(0);
                if (folio != null) {
                    folio.unlock();
                }
            }
        }
        xfs.iunlock();
        new Scanner().scanOne();
    }
}
